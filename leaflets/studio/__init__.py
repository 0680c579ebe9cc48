"""The studio: a local web app to write, check and preview topics in the browser.

It calls the same pipeline as the command line (model, compose, renderers); it never draws
pages itself. Nothing here is imported by ``leaflets --help``.
"""
