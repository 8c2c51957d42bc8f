"""先锋榜 Pioneer Board core: data, rules and services. No Qt import anywhere below this package."""

__version__ = "0.1.0"
