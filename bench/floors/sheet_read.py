"""Floor for `roster import`: Python + openpyxl reading every row of the sheet in read-only mode (the issue's floor)."""

import sys

from openpyxl import load_workbook

wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
print(sum(1 for _ in wb.active.iter_rows(values_only=True)))  # type: ignore[union-attr]
wb.close()
