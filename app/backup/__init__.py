"""Backup mechanics: the .pbk file (archive, package, verify), encryption, automatic rotating backups, atomic
restore. Everything above the services reaches them through ``app.services.backup``.
"""
