"""Every kind of sheet the program imports or exports, as one registry.

Like ``reports.catalog`` for printouts: the CLI's ``template``, ``import``
and ``export`` sub-commands, the GUI's 导入/导出 menus and the import
wizard are built from ``KINDS``. A kind names its columns (an entity of the
field registry), the functions that plan an import and write an export,
and which options apply to it; an option that does not apply is refused,
never silently ignored. A new kind (visits, commitments, ballots, an
export-only audit log) is one entry here.

Functions are named as ``"module:function"`` and imported when first used,
so that reading the registry (the reader, the CLI's parser) loads nothing
else.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from lianhu_desktop.domain import fields
from lianhu_desktop.domain.fields import Entity, Field

# Options a kind may accept. Import: which sheet, only check, skip bad rows,
# refuse unknown names instead of creating them, the errors workbook, JSON.
SHEET, DRY_RUN, SKIP_INVALID, NO_CREATE, ERRORS, JSON = (
    "sheet", "dry_run", "skip_invalid", "no_create", "errors", "json")
# Export: full ID numbers, archived records too, only lines since a day.
FULL_ID, ARCHIVED, SINCE = "full_id", "archived", "since"
# Any command: one year (an int), one month (the date of its first day);
# import: count ballots entered only once.
YEAR, MONTH, SINGLE_ENTRY = "year", "month", "single_entry"
IMPORT_OPTIONS = frozenset({SHEET, DRY_RUN, SKIP_INVALID, NO_CREATE, ERRORS, JSON})
EXPORT_OPTIONS = frozenset({FULL_ID, ARCHIVED})  # what a kind takes unless it says otherwise
ALL_EXPORT_OPTIONS = EXPORT_OPTIONS | {SINCE, YEAR, MONTH}
# The exporter's keyword for each export option.
EXPORT_KEYWORDS = {FULL_ID: "full_id", ARCHIVED: "include_archived", SINCE: "since", YEAR: "year", MONTH: "month"}
# Options passed on to a kind's planner, importer or templater as keywords of the same name.
PASSED_OPTIONS = (YEAR, MONTH, SINGLE_ENTRY)


def _load(target: str):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class SheetKind:
    key: str  # the CLI's word: roster
    label: str  # the sheet's name: 党员花名册
    short: str  # in menus: 花名册
    unit: str  # what a row is: 名党员, 户
    mnemonic: str  # the menu accelerator letter
    entity: Entity | None = None  # its columns (None: an export with its own columns)
    # "module:function": plan(table, village_id, *, create_missing, progress) -> Plan
    planner: str = ""
    # "module:function": export(path, village_id, *, full_id, include_archived, progress) -> rows
    exporter: str = ""
    template: bool = True  # has an import template
    import_options: frozenset[str] = IMPORT_OPTIONS
    export_options: frozenset[str] = EXPORT_OPTIONS
    # A sheet whose columns are not fixed (the ballots: one column per member)
    # reads and writes itself: "module:function"
    #   importer(path, village_id, *, sheet, dry_run, progress, **passed) -> ImportResult
    #   templater(path, village_id, **passed) -> Path
    # Such a kind is imported from the CLI and from its own window, not the wizard.
    importer: str = ""
    templater: str = ""
    template_options: frozenset[str] = frozenset()
    # Options that must be given (e.g. the year of the ballots).
    required: frozenset[str] = frozenset()
    # The export may cover every village at once (no village chosen).
    export_all_villages: bool = False
    # False: the sheet covers the whole database and takes no village (the audit log).
    by_village: bool = True
    # What the export dialog says about the sheet, if anything.
    export_note: str = ""
    import_tip: str = ""
    import_shortcut: str = ""
    match_note: str = ""  # the template's instructions: how a row finds its record
    # Why an option it does not take does not apply (said when refused).
    why_not: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def columns(self) -> tuple[Field, ...]:
        """The sheet's columns in order (the export's; the template's are the importable ones)."""
        return self.entity.sheet_fields if self.entity is not None else ()

    @property
    def importable(self) -> bool:
        return bool(self.planner or self.importer)

    @property
    def exportable(self) -> bool:
        return bool(self.exporter)

    def plan(self, table, village_id: int, *, create_missing: bool = True, progress=None, **passed):
        """Plan an import; ``passed`` options (YEAR …) reach the planner when the kind takes them."""
        keywords = {option: value for option, value in passed.items() if option in self.import_options}
        return _load(self.planner)(table, village_id, create_missing=create_missing, progress=progress,
                                   **keywords)

    def import_own(self, path, village_id: int, *, sheet=None, dry_run=False, progress=None, **passed):
        """Import with the kind's own importer (a sheet without fixed columns)."""
        keywords = {option: value for option, value in passed.items() if option in self.import_options}
        return _load(self.importer)(path, village_id, sheet=sheet, dry_run=dry_run, progress=progress, **keywords)

    def write_own_template(self, path, village_id: int, **passed):
        keywords = {option: value for option, value in passed.items() if option in self.template_options}
        return _load(self.templater)(path, village_id, **keywords)

    def export(self, path, village_id: int | None, *, progress=None, **options) -> int:
        """Write the export; ``options`` are keyed by option (FULL_ID …), those the kind takes are passed."""
        keywords = {EXPORT_KEYWORDS[option]: value for option, value in options.items()
                    if option in self.export_options}
        return _load(self.exporter)(path, village_id, progress=progress, **keywords)


KINDS: dict[str, SheetKind] = {kind.key: kind for kind in (
    SheetKind("roster", "党员花名册", "花名册", "名党员", "R", fields.MEMBER,
              planner="lianhu_desktop.excel.roster_import:plan_roster",
              exporter="lianhu_desktop.excel.exporters:export_roster",
              import_tip="从 Excel 导入党员花名册：先预览、检查，确认后再写入",
              import_shortcut="Ctrl+Shift+I",
              match_note="再次导入同一份表格时，程序按身份证号码（没有时按姓名和出生日期）找到已有党员并更新，"
                         "不会重复添加。"),
    SheetKind("households", "农户台账", "农户台账", "户", "H", fields.HOUSEHOLD,
              planner="lianhu_desktop.excel.household_import:plan_households",
              exporter="lianhu_desktop.excel.exporters:export_households",
              import_tip="从 Excel 导入农户台账：先预览、检查，确认后再写入",
              match_note="再次导入同一份表格时，程序按户主身份证号码（没有时按户主姓名和门牌号）找到已有农户并更新，"
                         "不会重复添加。"),
    SheetKind("links", "联户关系表", "联户关系", "户", "L", fields.LINK_ENTITY,
              planner="lianhu_desktop.excel.link_sheet:plan_links",
              exporter="lianhu_desktop.excel.link_sheet:export_links",
              # A links sheet creates no party group, post or grid; every
              # household is listed, archived ones have no member to show.
              import_options=IMPORT_OPTIONS - {NO_CREATE},
              export_options=EXPORT_OPTIONS - {ARCHIVED},
              export_all_villages=True,
              why_not={NO_CREATE: "导入联户关系表不会新建党小组、岗位或网格",
                       ARCHIVED: "联户关系表只列在册农户，已归档的农户没有联户党员"},
              export_note="联户关系表列出每户的联户党员；同名党员以身份证号码区分（须导出完整号码才能据此导入）。",
              import_tip="导入填好“联户党员”的联户关系表：先检查，确认后再写入",
              match_note="程序按所在网格、门牌号和户主姓名找到农户；该户已由别的党员联系时，改由表中党员联系；"
                         "“联户党员”留空的行不作改动。"),
    SheetKind("commitments", "党员承诺表", "党员承诺", "项承诺", "C", fields.COMMITMENT,
              planner="lianhu_desktop.excel.commitment_sheet:plan_commitments",
              exporter="lianhu_desktop.excel.commitment_sheet:export_commitments",
              # A commitments sheet creates no party group, post or grid.
              import_options=IMPORT_OPTIONS - {NO_CREATE},
              why_not={NO_CREATE: "导入党员承诺表不会新建党小组、岗位或网格"},
              export_note="党员承诺表列出本村党员各年度的公开承诺；同名党员以身份证号码区分（须导出完整号码才能据此导入）。",
              import_tip="从 Excel 导入党员公开承诺：先检查，确认后再写入",
              match_note="程序按党员、年度和承诺内容找到已登记的承诺并更新其时限、标准和进展，其余的作为新承诺登记；"
                         "每名党员每年宜承诺 1–5 项。"),
    SheetKind("visits", "走访记录表", "走访记录", "条走访记录", "V", fields.VISIT,
              planner="lianhu_desktop.excel.visit_sheet:plan_visits",
              exporter="lianhu_desktop.excel.visit_sheet:export_visits",
              # A visits sheet creates no member, household or grid; visits are history, all of them exported.
              import_options=IMPORT_OPTIONS - {NO_CREATE},
              export_options=frozenset({FULL_ID, YEAR, MONTH}),
              why_not={NO_CREATE: "导入走访记录不会新建党员、农户或网格",
                       ARCHIVED: "走访记录是历史记录，已归档党员和农户的走访也全部导出"},
              export_note="走访记录表列出本村每一次走访（可只导出一年或一个月），改好后可再导入；"
                          "同名党员以身份证号码区分（须导出完整号码才能据此导入）。",
              import_tip="导入党员的民情日记（走访记录）：先检查，确认后再写入",
              match_note="程序按所在网格和门牌号找到农户（户主姓名用来核对；未填门牌号时按户主姓名找）；"
                         "同一党员、农户、日期和走访形式的记录已登记过的不再重复添加，只更新其履行职责和走访内容。"),
    SheetKind("requests", "诉求办理台账", "诉求台账", "件诉求", "Q", fields.REQUEST,
              exporter="lianhu_desktop.excel.visit_sheet:export_requests",
              template=False, import_options=frozenset(), export_options=frozenset({FULL_ID, YEAR, MONTH}),
              why_not={ARCHIVED: "诉求台账是历史记录，已归档党员和农户的诉求也全部导出"},
              export_note="诉求办理台账列出本村群众诉求的全部办理情况：类别、办理方式、承办部门、时限、状态、结果、"
                          "办结和反馈日期、满意度（可只导出一年或一个月，按提出日期）。"),
    SheetKind("ballots", "民主测评票", "测评票", "次录入", "B",
              importer="lianhu_desktop.excel.ballot_sheet:import_ballots",
              templater="lianhu_desktop.excel.ballot_sheet:write_ballot_template",
              # All or nothing, every problem listed with its row and column: a ballot
              # skipped or entered twice would change the count.
              import_options=frozenset({SHEET, DRY_RUN, JSON, YEAR, SINGLE_ENTRY}),
              export_options=frozenset(), template_options=frozenset({YEAR}), required=frozenset({YEAR}),
              why_not={SKIP_INVALID: "测评票须全部无误才导入，跳过有问题的票会漏计",
                       NO_CREATE: "导入测评票不会新建党员或党小组、岗位、网格",
                       ERRORS: "测评票的每处问题（第几行、哪一列）都列在输出中"},
              import_tip="导入在别处录入的民主测评票（每行一张票的一次录入）：全部无误才写入",
              match_note="程序按票号和录入次找到已录入的票：内容相同的跳过，不同的列为问题（请在测评票录入窗口中更正）。"),
    SheetKind("appraisal", "民主评议结果", "考核结果", "名党员", "A",
              exporter="lianhu_desktop.excel.appraisal_export:export_appraisal",
              template=False, import_options=frozenset(), export_options=frozenset({YEAR}),
              required=frozenset({YEAR}), export_all_villages=True,
              why_not={FULL_ID: "考核结果表不含身份证号码", ARCHIVED: "考核结果按该年度的考核名单列出",
                       MONTH: "考核结果按年度导出"},
              export_note="每个考核类别一张工作表：每名党员的各项得分、总分、等次、类别内名次和测评票；"
                          "“汇总”表列出各村的等次人数、测评票数和封存码。"),
    SheetKind("audit", "操作记录", "操作记录", "条操作记录", "O",
              exporter="lianhu_desktop.excel.audit_export:export_audit_sheet",
              template=False, import_options=frozenset(), export_options=frozenset({SINCE, FULL_ID}),
              by_village=False,
              why_not={ARCHIVED: "操作记录不分在册与归档，全部导出"},
              export_note="操作记录包括对党员、农户和联户关系的每一次改动：时间、操作人、字段、原值和新值。"),
)}


def kind(key: str) -> SheetKind:
    return KINDS[key]


def importable() -> list[SheetKind]:
    """Every kind the CLI imports."""
    return [k for k in KINDS.values() if k.importable]


def wizard_kinds() -> list[SheetKind]:
    """The kinds the import wizard reads (fixed columns, matched by header)."""
    return [k for k in KINDS.values() if k.planner]


def exportable() -> list[SheetKind]:
    return [k for k in KINDS.values() if k.exportable]


def with_templates() -> list[SheetKind]:
    """The kinds whose template has fixed columns (the GUI's template menu)."""
    return [k for k in KINDS.values() if k.template and k.columns]


def cli_templates() -> list[SheetKind]:
    """Every kind ``lianhu template`` writes."""
    return [k for k in KINDS.values() if (k.template and k.columns) or k.templater]
