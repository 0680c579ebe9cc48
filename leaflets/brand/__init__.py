"""How an organisation looks: brand files, fonts and text measure, colours and contrast, logos."""
