"""Members named in a sheet's cell: by name, or by ID number where two share a name.

One rule for the sheets that name a member (联户关系表, 党员承诺表, 走访记录表),
for reading and for writing: a cell holds the member's name; when the name
does not tell the member apart it holds the ID number (masked in an export
unless the full numbers are asked for; a masked number does not import back).

With ``with_archived`` the village's archived members are found too (history such
as visits may be theirs), after those on the roster: a name that one member
on the roster bears is that member; only a name nobody on the roster bears
falls to an archived member.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lianhu_desktop.domain import rules
from lianhu_desktop.domain.idnumber import mask
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import database


@dataclass
class MemberNames:
    """The village's members by name and ID number (see the module docstring)."""

    with_archived: bool = False
    by_name: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)  # name → [(id, archived)]
    by_id: dict[str, int] = field(default_factory=dict)
    info: dict[int, tuple[str, str | None, bool]] = field(default_factory=dict)  # id → (name, ID number, archived)

    @classmethod
    def of_village(cls, village_id: int, *, with_archived: bool = False) -> MemberNames:
        scope = "" if with_archived else f"AND {rules.active_member('m')}"
        names = cls(with_archived)
        for mid, name, id_number, gone in database.execute_sql(
                f"SELECT m.id, m.name, m.id_number, m.archived FROM member m WHERE m.village_id = ? {scope} "
                "ORDER BY m.id", [village_id]):
            gone = bool(gone)
            key = "".join(name.split())
            names.by_name.setdefault(key, []).append((mid, gone))
            names.info[mid] = (name, id_number, gone)
            if id_number:
                names.by_id[id_number.upper()] = mid
        return names

    def find(self, word: str) -> int:
        """The member a cell names (its text without spaces); a Chinese refusal otherwise."""
        if word.upper() in self.by_id:
            return self.by_id[word.upper()]
        found = self.by_name.get(word, [])
        for archived in (False, True):
            same = [mid for mid, gone in found if gone == archived]
            if len(same) == 1:
                return same[0]
            if same:
                what = "已归档党员" if archived else "党员"
                raise ValidationError(f"本村有 {len(same)} 名{what}叫“{word}”，请改填其身份证号码")
        if "*" in word:
            raise ValidationError("身份证号码中间已隐去，据此找不到党员：请导出完整号码（--full-id）后再填写")
        if word[:1].isdigit():
            raise ValidationError(f"本村没有身份证号码为 {word} 的党员")
        raise ValidationError(f"本村花名册中没有党员“{word}”" + ("" if self.with_archived else "（或已归档）"))

    def label(self, member_id: int, *, full_id: bool = False) -> str:
        """What an export writes for the member: the name, or the ID number when ``find`` needs it."""
        name, id_number, archived = self.info[member_id]
        bearers = self.by_name.get("".join(name.split()), [])
        # On the roster a name is taken by its bearers on the roster; an archived member shares it with all.
        rivals = [mid for mid, gone in bearers if archived or not gone]
        if len(rivals) > 1 and id_number:
            return id_number if full_id else mask(id_number)
        return name
