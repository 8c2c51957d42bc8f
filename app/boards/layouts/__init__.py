"""The board layouts: one module per board kind, drawing its entries on pages (app.boards.ops), and the
pieces they share (common). app.boards.kinds names each kind's layout function."""
