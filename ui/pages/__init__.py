"""One page per area of the program, shown by the main window's navigation."""
