"""The shell every migralex web page shares: one layout, one navigation by role, one look, page i18n.

It sits *below* casework, lab and programmes (they import it; it imports none of them) and below the app
factory in :mod:`migralex.web`, which mounts the parts and tells the shell which are installed.
"""
