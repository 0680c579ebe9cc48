"""leaflets: YAML topics in, branded PDF leaflets and PowerPoint decks out."""

__version__ = "0.1.0"
