"""PDF outputs drawn with reportlab: leaflets in every print layout, slides, handouts, review packs."""
