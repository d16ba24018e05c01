"""Qt's ICU data, trimmed to what Qt uses of it, for the Linux bundle.

PySide6's libicudata.so.73 is one read-only symbol, ``icudt73_dat``: ICU's
whole default data package (3921 items, 32 MB). Qt 6 calls ICU for four
things only (the ICU functions libQt6Core imports; Gui, Widgets and the rest
import none): case mapping (``u_strToUpper``/``u_strToLower``: the properties
are compiled into libicuuc), collation (``ucol_*``: collation data), time
zones (``ucal_*``: zone data and their display names) and legacy text
encodings (``ucnv_*``: converter tables). It never breaks text with ICU
(no ``ubrk_*``), nor transliterates, nor formats units or currencies.

Kept: every item that is not one locale's data, every locale's data of root,
English and Chinese (``zh*``, the program's language; English for a system
in ``C``/``en``), the converters of Chinese encodings and every small one,
and the break-iteration rules (no dictionaries). Left out: other languages'
locale data (ICU then falls back on root, as for any locale it lacks), the
break-iteration dictionaries, the transliterators, and the large converter
tables of Japanese, Korean and EBCDIC encodings.

The library is rewritten in Python (no C toolchain): its layout is checked
first, and the build stops if a new PySide6 ships it differently.
"""

from __future__ import annotations

import re
import struct

KEPT_LOCALES = re.compile(r"(root|en|en_.*|zh|zh_.*|yue|yue_.*)\.res")  # zh_Hant_HK falls back on yue
# A locale's own item: a language code, then script, region or variant parts.
LOCALE_ITEM = re.compile(r"(root|[a-z]{2,3}(_[A-Za-z0-9]*)*)\.res")
# Converter tables kept whatever their size: Chinese encodings (GB 18030,
# GBK as windows-936 and ibm-1386, GB 2312 as ibm-5478 and EUC-CN ibm-1383,
# Big5 (ibm-1373, the table windows-950 and ibm-950 extend) and HKSCS) and
# X11's compound text.
KEPT_CONVERTERS = re.compile(r"(gb18030|windows-936-.*|ibm-1386_.*|ibm-5478_.*|ibm-1383_.*|ibm-950_.*"
                             r"|windows-950-.*|ibm-1373_.*|ibm-1375_.*|icu-internal-compound-.*)\.cnv")
# Small tables that only extend a large one left out (Japanese, Korean, the
# EBCDIC Traditional Chinese), left out with it (ICU's icupkg -l names them).
DEPENDENT_CONVERTERS = re.compile(r"(ibm-1363_P110-1997|ibm-1399_.*|ibm-16684_.*|ibm-33722_P120-1999|ibm-937_.*"
                                  r"|ibm-939_.*|ibm-942_.*|ibm-943_P130-1999|ibm-949_P110-1999|ibm-971_.*"
                                  r"|windows-949-.*)\.cnv")
SMALL_CONVERTER = 16 * 1024  # single-byte tables are 3-6 KB each
DROPPED_TREES = ("translit",)


def item_kept(name: str, size: int) -> bool:
    """Whether one item of the package (``icudt73l/coll/zh.res``, its size) stays."""
    parts = name.split("/")[1:]  # without the package's own name
    if len(parts) > 1:
        tree, leaf = parts[0], parts[-1]
        if tree in DROPPED_TREES or leaf.endswith(".dict"):
            return False
    else:
        tree, leaf = "", parts[0]
    if leaf.endswith(".cnv"):
        if DEPENDENT_CONVERTERS.fullmatch(leaf):
            return False
        return size <= SMALL_CONVERTER or KEPT_CONVERTERS.fullmatch(leaf) is not None
    if LOCALE_ITEM.fullmatch(leaf) and leaf not in ("pool.res", "res_index.res"):
        return KEPT_LOCALES.fullmatch(leaf) is not None
    return True


_PAD = b"\xaa"  # what ICU's own packager pads with


def _align(value: int, to: int) -> int:
    return (value + to - 1) // to * to


def read_package(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """ICU common data ("CmnD"): its header and its items in name order."""
    header_size, = struct.unpack_from("<H", package, 0)
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD" or package[8] != 0:
        raise ValueError("not ICU common data (little-endian CmnD)")
    toc = package[header_size:]
    count, = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(toc)]
    items = []
    for (name_at, data_at), end in zip(entries, ends):
        name = toc[name_at:toc.index(b"\0", name_at)].decode("ascii")
        items.append((name, toc[data_at:end]))
    return package[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The common data again: table of contents, names, items at 16-byte boundaries."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    first = _align(4 + 8 * len(items) + len(names), 16)
    toc, body, name_at, data_at = [struct.pack("<I", len(items))], [], 4 + 8 * len(items), first
    for name, data in items:
        toc.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        padded = data + _PAD * (_align(len(data), 16) - len(data))
        body.append(padded)
        data_at += len(padded)
    table = b"".join(toc) + names
    return header + table + _PAD * (first - len(table)) + b"".join(body)


# ELF64 little-endian structures used below.
_EHDR_SHOFF, _EHDR_PHOFF = 0x28, 0x20
_PHDR = struct.Struct("<IIQQQQQQ")  # type, flags, offset, vaddr, paddr, filesz, memsz, align
_SHDR = struct.Struct("<IIQQQQIIQQ")  # name, type, flags, addr, offset, size, link, info, addralign, entsize
_SYM = struct.Struct("<IBBHQQ")  # name, info, other, shndx, value, size
PT_LOAD, PT_DYNAMIC, PT_GNU_RELRO = 1, 2, 0x6474E552
_SYMBOLS = (".symtab", ".strtab")  # the static symbol table, before stripping: left out


def _sections(elf: bytes) -> dict[str, list]:
    shoff, = struct.unpack_from("<Q", elf, _EHDR_SHOFF)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    headers = [list(_SHDR.unpack_from(elf, shoff + i * shentsize)) for i in range(shnum)]
    strtab = headers[shstrndx]
    names = elf[strtab[4]:strtab[4] + strtab[5]]
    return {names[h[0]:names.index(b"\0", h[0])].decode(): h + [i] for i, h in enumerate(headers)}


def _layout(elf: bytes) -> tuple[dict[str, list], list[list], int]:
    """The sections, program headers and the data symbol's .dynsym entry offset,
    after checking the library is laid out as PySide6 6.11's is."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    sections = _sections(elf)
    expected = ["", ".note.gnu.build-id", ".gnu.hash", ".dynsym", ".dynstr", ".rodata", ".eh_frame",
                ".dynamic", ".shstrtab"]
    found = [n for n in sorted(sections, key=lambda n: sections[n][-1]) if n not in _SYMBOLS]
    if found != expected or any(sections[n][-1] < sections[".dynamic"][-1] for n in _SYMBOLS if n in sections):
        raise ValueError(f"unexpected sections {sorted(sections)}")
    dynsym, dynstr = sections[".dynsym"], sections[".dynstr"]
    symbols = []
    for at in range(dynsym[4], dynsym[4] + dynsym[5], _SYM.size):
        sym = _SYM.unpack_from(elf, at)
        name = elf[dynstr[4] + sym[0]:elf.index(b"\0", dynstr[4] + sym[0])].decode()
        if name:
            symbols.append((name, at, sym))
    rodata = sections[".rodata"]
    if len(symbols) != 1 or not re.fullmatch(r"icudt\d+_dat", symbols[0][0]) \
            or symbols[0][2][4] != rodata[3] or symbols[0][2][5] != rodata[5] or rodata[3] != rodata[4]:
        raise ValueError(f"expected one symbol icudtNN_dat filling .rodata, found {[s[0] for s in symbols]}")
    phnum, = struct.unpack_from("<H", elf, 0x38)
    phoff, = struct.unpack_from("<Q", elf, _EHDR_PHOFF)
    programs = [list(_PHDR.unpack_from(elf, phoff + i * _PHDR.size)) for i in range(phnum)]
    return sections, programs, symbols[0][1]


def package_of(elf: bytes) -> bytes:
    """The ICU common data inside libicudata."""
    sections, _, _ = _layout(elf)
    rodata = sections[".rodata"]
    return elf[rodata[4]:rodata[4] + rodata[5]]


def with_package(elf: bytes, package: bytes) -> bytes:
    """libicudata with another common data package in place of its own: the
    data, then .dynamic (copied: its addresses point below the data) and the
    section names, with the headers and the symbol's size moved to match."""
    sections, programs, symbol_at = _layout(elf)
    rodata, eh_frame, dynamic, shstrtab = (sections[n] for n in (".rodata", ".eh_frame", ".dynamic", ".shstrtab"))
    out = bytearray(elf[:rodata[4]])
    out += package
    shift = rodata[3] - rodata[4]  # address minus file offset in the first segment (0 here)
    out += b"\0" * (_align(len(out), 8) - len(out))
    eh_at = len(out)
    # The writable segment: same offset within the page as the original, on a new page.
    page = 0x1000
    dyn_at = _align(len(out), page) + dynamic[4] % page
    dyn_addr_delta = dynamic[3] - dynamic[4]
    old_dyn_at = dynamic[4]
    out += b"\0" * (dyn_at - len(out))
    out += elf[dynamic[4]:dynamic[4] + dynamic[5]]
    names_at = len(out)
    out += elf[shstrtab[4]:shstrtab[4] + shstrtab[5]]
    out += b"\0" * (_align(len(out), 8) - len(out))
    shoff = len(out)

    rodata[5] = len(package)
    eh_frame[3], eh_frame[4] = eh_at + shift, eh_at
    dynamic[3], dynamic[4] = dyn_at + dyn_addr_delta, dyn_at
    shstrtab[4] = names_at
    headers = sorted((h for n, h in sections.items() if n not in _SYMBOLS), key=lambda h: h[-1])
    for header in headers:
        out += _SHDR.pack(*header[:-1])
    struct.pack_into("<Q", out, _EHDR_SHOFF, shoff)
    struct.pack_into("<HH", out, 0x3C, len(headers), headers.index(shstrtab))

    phoff, = struct.unpack_from("<Q", elf, _EHDR_PHOFF)
    for i, ph in enumerate(programs):
        if ph[0] == PT_LOAD and ph[2] == 0:  # the read-only segment, ending with the data
            ph[5] = ph[6] = eh_at
        elif ph[0] in (PT_LOAD, PT_DYNAMIC, PT_GNU_RELRO) and ph[2] == old_dyn_at:
            ph[2], ph[3], ph[4] = dyn_at, dyn_at + dyn_addr_delta, dyn_at + dyn_addr_delta
        struct.pack_into("<IIQQQQQQ", out, phoff + i * _PHDR.size, *ph)
    sym = list(_SYM.unpack_from(elf, symbol_at))
    sym[5] = len(package)
    _SYM.pack_into(out, symbol_at, *sym)
    return bytes(out)


def trimmed(elf: bytes) -> tuple[bytes, int, int]:
    """libicudata trimmed: the new library, items kept, items left out."""
    header, items = read_package(package_of(elf))
    kept = [(name, data) for name, data in items if item_kept(name, len(data))]
    return with_package(elf, write_package(header, kept)), len(kept), len(items) - len(kept)
