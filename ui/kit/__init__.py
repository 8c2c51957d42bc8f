"""The shared UI kit every page is built from: the Page base, its header parts, table models, date helpers."""
