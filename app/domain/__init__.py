"""Pure rules with no I/O: ID numbers, pinyin, dates, stars, grades, points."""
