"""Readers: .docx and text files -> Document (ordered Blocks), with numbering, styles and web noise."""
