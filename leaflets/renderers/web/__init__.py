"""Web pages and the library site: standalone, accessible HTML with self-hosted fonts."""
