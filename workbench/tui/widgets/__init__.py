"""Widgets of the review screen."""
