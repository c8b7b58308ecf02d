"""GB/T 9704 layout: effective formatting of paragraphs and runs, page setup, and the format repair."""
