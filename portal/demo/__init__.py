"""Demo content of the portal: the texts as data, the pictures drawn for them, and the loader.

`portal.demo.loader.DemoLoader` is what `python manage.py load_demo` runs.
"""
