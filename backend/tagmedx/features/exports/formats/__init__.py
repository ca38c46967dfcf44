"""One module per export format; each is a `Formatter` run chunk by chunk in a worker thread."""
