"""Bundled resources (fonts, icons). Installed as ``app.resources``; find them with app.paths.resources_dir()."""
