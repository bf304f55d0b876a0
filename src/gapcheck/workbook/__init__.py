"""Questionnaires as spreadsheets: write a workbook to fill in, read a filled one back.

openpyxl is imported only here and below, never by the CLI at start-up.
"""

from gapcheck.workbook.read import read_workbook
from gapcheck.workbook.write import write_workbook

__all__ = ["read_workbook", "write_workbook"]
