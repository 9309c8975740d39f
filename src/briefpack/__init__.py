"""briefpack: a YAML news brief in, a print-quality PDF briefing out."""

__version__ = "0.1.0"
