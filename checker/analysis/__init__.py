"""Analysis of a Document: heading outline, report parts (sections) and meta (title, issuer, year)."""
