"""Prints the sorted line numbers that an object file's DWARF line table
attributes to files named NAME (basename), one per line.

  debug_lines.py OBJECT NAME
"""
import re
import subprocess
import sys

obj, name = sys.argv[1], sys.argv[2]
text = subprocess.run(["llvm-dwarfdump", "--debug-line", obj], check=True,
                      capture_output=True, text=True).stdout
files = {m.group(1): m.group(2) for m in re.finditer(
    r'file_names\[\s*(\d+)\]:\s*\n\s*name: "([^"]+)"', text)}
lines = set()
for row in text.split("\n"):
    fields = row.split()
    # Rows: Address Line Column File ISA Discriminator OpIndex Flags
    if len(fields) >= 4 and re.fullmatch(r"0x[0-9a-f]{16}", fields[0]):
        if files.get(fields[3], "").split("/")[-1] == name:
            lines.add(int(fields[1]))
print("\n".join(str(line) for line in sorted(lines)))
