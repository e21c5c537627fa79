# Gongkai's PDF helper: converts DOCX to PDF through one long-lived LibreOffice, so a conversion costs a fraction
# of a second instead of a LibreOffice start. Started by PdfConverter with Debian's /usr/bin/python3 (python3-uno).
# Protocol on stdin/stdout, one line each: "<input.docx>\t<output.pdf>" -> "ok" or "error <message>".
# argv[1] is the pipe name LibreOffice accepts on; the helper waits for it to come up.
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, seconds):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + seconds
    while True:
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def main():
    desktop = connect(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120)
    print("ready", flush=True)
    while True:
        line = sys.stdin.readline()
        if not line:
            # Gongkai closed the pipe or died (even by kill -9): take LibreOffice down too, so none is left orphaned.
            try:
                desktop.terminate()
            except Exception:
                pass
            return
        source, target = line.rstrip("\n").split("\t")
        document = None
        try:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                                    (prop("Hidden", True), prop("ReadOnly", True)))
            document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"),))
            print("ok", flush=True)
        except Exception as e:  # reported to Gongkai, which restarts LibreOffice and this helper
            print("error " + str(e).replace("\n", " "), flush=True)
        finally:
            if document is not None:
                try:
                    document.close(True)
                except Exception:
                    pass


main()
