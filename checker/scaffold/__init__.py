"""fazhi new: a report skeleton from jinja2 templates and a reference .docx."""
