"""Demo content of the portal: the texts as data, the pictures drawn for them, and the loader.

`portal.demo.loader.DemoLoader` is what `python manage.py load_demo` runs. The texts are YAML files in
`data/` (read with `portal.demo.datafiles.load_yaml`, which the mapping and ethics demos use too);
bodies of briefings are written in the small format of `portal.demo.markup`.
"""
