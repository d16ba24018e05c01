"""Excel in and out (openpyxl): templates, the tolerant reader, importers, exporters.

What the GUI and the CLI call:

* ``templates.write_template(kind, path)``: an import template;
* ``reader.list_sheets(path)`` and ``reader.read_table(path, kind, sheet=, mapping=, progress=)``:
  a sheet with its detected header row and column mapping (the wizard's preview);
* ``importers.plan_import(table, village_id, create_missing=)``: every row checked,
  nothing written; ``importers.commit_plan(plan, skip_invalid=, progress=)``: the write;
  ``importers.import_file(...)`` does all three, as the CLI does;
* ``errors_file.write_errors_file(table, rejections, path)``: the rows plus a red 错误原因;
* ``exporters.export(kind, path, village_id, full_id=, include_archived=, progress=)``.

``kind`` is a sheet kind of ``excel.kinds`` (roster 党员花名册, households 农户台账,
links 联户关系表); its columns come from the field registry ``domain.fields``.
"""
