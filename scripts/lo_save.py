#!/usr/bin/python3
"""Re-saves a spreadsheet with LibreOffice through UNO, optionally with a password.

Usage: lo_save.py SRC DEST FILTER [PASSWORD]
  FILTER: "Calc MS Excel 2007 XML" (.xlsx), "MS Excel 97" (.xls), "calc8" (.ods)
Needs the system python3 with python3-uno (comes with LibreOffice on Debian).
Starts a private headless soffice, stores the file, and stops it."""
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def with_document(src, action):
    """Starts a private headless soffice, opens `src`, calls `action(doc)`, and stops it."""
    profile = tempfile.mkdtemp()
    port = 2000 + os.getpid() % 5000
    office = subprocess.Popen([
        "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
        "--norestore", f"--accept=socket,host=127.0.0.1,port={port};urp;",
    ])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(100):
            try:
                ctx = resolver.resolve(
                    f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.3)
        else:
            raise SystemExit("soffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
        action(doc)
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


def store(doc, dest, filt, password=None):
    args = [prop("FilterName", filt), prop("Overwrite", True)]
    if password:
        args.append(prop("Password", password))
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dest)), tuple(args))


def main(src, dest, filt, password=None):
    with_document(src, lambda doc: store(doc, dest, filt, password))


if __name__ == "__main__":
    main(*sys.argv[1:])
