"""blocked-attachment: unapproved software is not allowed attached to email.

Every message (whoever sends it) is checked. A file is blocked when its *name*
ends with an extension of a program, script, installer, shortcut, macro-enabled
Office file or disk image, when its *declared type* says so, or when its
*content* is one (``policies.sniff.content_risk``: PE, ELF, Mach-O, Java and
Android bytecode, ``#!`` scripts, batch and registry files, HTA, Windows
Installer, OLE documents with VBA projects, ISO/UDF/DMG/VHD images, ...).
Archives are looked into (``Message.archive_members``, nested ones too): an
archive holding any such file is blocked, and so is an Office (OOXML/ODF) file
carrying a macro project whatever its extension says.

Judged by the final extension only: ``report.exe.pdf`` that really is a PDF
passes, ``invoice.pdf.exe`` does not. Windows ignores trailing dots and spaces
in file names, so they are ignored here too. Scripts in general-purpose
languages (``.py``, ``.rb``, ``.pl``, ``.php``, ...) are scripts too, and blocked by
name (POLICY.md: "executables, scripts, ..."); a coding club shares its work as text
in the message, or as a Scratch project (``.sb3``), which is not a program file.
Archives that cannot be opened are ``unscannable-content``'s concern, not this one's.
"""

from __future__ import annotations

import posixpath
import re

from policies.base import Context, Policy, register
from policies.message import Attachment
from policies.sniff import content_risk
from policies.types import Action, Finding

_PROGRAM = "program"
_SCRIPT = "script"
_INSTALLER = "installer"
_MACRO = "macro-enabled Office file"
_IMAGE = "disk image"
_SHORTCUT = "shortcut or settings file that can run programs"

_BY_EXTENSION: dict[str, str] = {}
for _kind, _exts in (
    (_PROGRAM, "exe com scr pif dll sys cpl ocx drv efi elf so dylib app apk xapk aab dex jar class "
               "gadget msc chm hlp xll wll xbap application appref-ms run"),
    (_SCRIPT, "bat cmd btm vbs vbe vb js jse mjs wsf wsh wsc ws ps1 psm1 psd1 ps1xml psc1 pssc hta sct "
              "sh bash zsh csh ksh fish command tool action workflow scpt applescript "
              "py pyw pyc pyo pyz rb pl pm php lua tcl"),
    (_INSTALLER, "msi msp mst msix msixbundle appx appxbundle deb rpm pkg mpkg snap flatpak appimage inf"),
    (_MACRO, "docm dotm xlsm xltm xlam xla pptm potm ppam ppsm sldm ppa"),
    (_IMAGE, "dmg iso img vhd vhdx vmdk qcow qcow2 udf toast"),
    (_SHORTCUT, "lnk url scf reg settingcontent-ms library-ms searchconnector-ms desktop"),
):
    for _ext in _exts.split():
        _BY_EXTENSION["." + _ext] = _kind

# Declared MIME types that mean the same, whatever the file is called.
_BY_DECLARED_TYPE: dict[str, str] = {
    "application/x-msdownload": _PROGRAM,
    "application/x-msdos-program": _PROGRAM,
    "application/x-dosexec": _PROGRAM,
    "application/x-executable": _PROGRAM,
    "application/x-mach-binary": _PROGRAM,
    "application/x-sharedlib": _PROGRAM,
    "application/java-archive": _PROGRAM,
    "application/x-java-archive": _PROGRAM,
    "application/vnd.android.package-archive": _INSTALLER,
    "application/x-msi": _INSTALLER,
    "application/x-ms-installer": _INSTALLER,
    "application/x-ole-storage-msi": _INSTALLER,
    "application/vnd.ms-appx": _INSTALLER,
    "application/msix": _INSTALLER,
    "application/x-apple-diskimage": _IMAGE,
    "application/x-iso9660-image": _IMAGE,
    "application/x-sh": _SCRIPT,
    "application/x-shellscript": _SCRIPT,
    "text/x-shellscript": _SCRIPT,
    "application/x-bat": _SCRIPT,
    "application/x-csh": _SCRIPT,
    "application/hta": _SCRIPT,
    "application/x-ms-shortcut": _SHORTCUT,
}
_MACRO_TYPE = re.compile(r"macroenabled", re.I)
# Windows drops trailing dots and spaces; invisible characters are already removed by the parser.
_TRAILING = re.compile(r"[.\s]+$")
_UUENCODE = re.compile(r"(?m)^begin(?:-base64)? [0-7]{3,4} ([^\n]{1,255})\n")


def extension_kind(filename: str) -> tuple[str, str] | None:
    """``(extension, kind)`` when the file's name marks it as blocked."""
    name = _TRAILING.sub("", filename.replace("\\", "/").rsplit("/", 1)[-1]).lower()
    _, ext = posixpath.splitext(name)
    kind = _BY_EXTENSION.get(ext)
    return (ext, kind) if kind else None


def _container_reason(members: list[Attachment]) -> str | None:
    """Macro projects and app packages recognised from the files an archive holds."""
    names = [m.filename.replace("\\", "/").lower() for m in members]
    if any(n.rsplit("/", 1)[-1] in ("vbaproject.bin", "vbaprojectsignature.bin") for n in names):
        return "Office document with a macro project (vbaProject.bin)"
    if any(n.startswith("xl/macrosheets/") for n in names):
        return "Excel workbook with Excel 4.0 macro sheets"
    if any(n.startswith(("basic/", "scripts/")) and n.endswith((".xml", ".py", ".js", ".bsh")) for n in names) and (
        "mimetype" in names or "meta-inf/manifest.xml" in names
    ):
        return "OpenDocument file with macros"
    if "appxmanifest.xml" in names or "appxmetadata/appxbundlemanifest.xml" in names:
        return "Windows app installer package (MSIX/APPX)"
    if "androidmanifest.xml" in names and any(n.endswith(".dex") for n in names):
        return "Android app package (APK)"
    if "meta-inf/manifest.mf" in names and any(n.endswith(".class") for n in names):
        return "Java program (JAR)"
    return None


@register
class BlockedAttachment(Policy):
    id = "blocked-attachment"
    description = "Executables, scripts, installers, macro documents and disk images are not allowed"
    default_action = Action.REJECT

    def applies(self, ctx: Context) -> bool:
        return True

    def check(self, ctx: Context) -> list[Finding]:
        msg = ctx.message
        found: list[Finding] = self._uuencoded(ctx)
        if not msg.attachments:
            return found
        by_container: dict[str, list[Attachment]] = {}
        for m in msg.archive_members:
            by_container.setdefault(m.where.rsplit(" > ", 1)[0], []).append(m)
        flagged: list[str] = []
        # Outermost first; once a file is blocked, what is inside it is not reported again.
        for att in (*msg.attachments, *sorted(msg.archive_members, key=lambda m: m.depth)):
            if any(att.where == f or att.where.startswith(f + " > ") for f in flagged):
                continue
            why = self._judge(att)
            if why is None and att.where in by_container:
                reason = _container_reason(by_container[att.where])
                why = (reason, att.filename or att.declared_type) if reason else None
            if why:
                flagged.append(att.where)
                found.append(self.finding(why[0], why[1], att.where))
        return found

    def _uuencoded(self, ctx: Context) -> list[Finding]:
        """Old-style attachments inside the text ("begin 644 game.exe"), which some mail programs still open."""
        found: list[Finding] = []
        for part in ctx.message.parts:
            if "begin " not in part.text:
                continue
            for m in _UUENCODE.finditer(part.text):
                ext = extension_kind(m.group(1).strip())
                if ext:
                    found.append(self.finding(f"{ext[1]} ({ext[0]} file, uuencoded in the text)", m.group(1), part.where))
        return found

    @staticmethod
    def _judge(att: Attachment) -> tuple[str, str] | None:
        label = att.filename or att.declared_type
        by_content = content_risk(att.data, att.sniffed_type) if att.data else None
        if by_content:
            named = f" named {att.filename!r}" if att.filename else ""
            return f"{by_content}{named}", label
        ext = extension_kind(att.filename) if att.filename else None
        if ext:
            return f"{ext[1]} ({ext[0]} file)", att.filename
        declared = att.declared_type.lower()
        kind = _BY_DECLARED_TYPE.get(declared)
        if kind:
            return f"{kind} (declared as {declared})", label
        if _MACRO_TYPE.search(declared):
            return f"{_MACRO} (declared as {declared})", label
        return None
