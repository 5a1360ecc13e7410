"""workbench: a keyboard-driven terminal workbench for fact review."""

__version__ = "0.1.0"
