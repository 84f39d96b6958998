"""Package data shipped with the app (fonts, templates, compiled translations, icons).

Mapped into the package as ``wuye_desktop.resources`` so that ``importlib.resources`` finds it in a
source checkout, an installed wheel and a frozen build alike.
"""
