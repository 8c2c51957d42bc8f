"""Dialogs: editors, wizards, first run, apology."""
