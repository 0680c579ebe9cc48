"""PowerPoint decks written with python-pptx, on the brand's or an organisation's template."""
