"""Measuring the product against human annotations (``coding eval ...``)."""
