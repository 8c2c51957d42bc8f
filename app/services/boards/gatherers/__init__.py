"""One gatherer per board kind: reads the data through the other services into the entries its layout draws."""
