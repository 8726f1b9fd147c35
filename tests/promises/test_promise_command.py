"""``duban check`` and ``duban draft-review`` on the command line: the contract as JSON, the Rich table
with the counts, the 对照表 files, and a bad second file as one line on stderr with status 2."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from duban.cli import app

PLAN, NEXT = "hebei-province-2024.txt", "hebei-province-2025.txt"


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_json_is_the_contract(corpus_dir: Path):
    result = invoke("check", corpus_dir / PLAN, corpus_dir / NEXT, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "duban.promises/1"
    assert data["plan"] == {"region": "河北省", "plan_year": 2024, "source": PLAN}
    assert data["next"]["review_year"] == 2024
    gdp = data["checks"][0]
    assert (gdp["metric"], gdp["scope"], gdp["verdict"], gdp["task_id"]) == (
        "地区生产总值",
        "indicator",
        "完成",
        None,
    )
    assert sum(data["summary"].values()) == len(data["checks"])


def test_the_default_view_is_a_table_with_the_counts(corpus_dir: Path):
    result = invoke("check", corpus_dir / PLAN, corpus_dir / NEXT)
    assert result.exit_code == 0, result.stderr
    assert "兑现情况对照表" in result.stdout and "超额完成 13" in result.stdout


def test_the_comparison_table_as_excel_and_word(corpus_dir: Path, tmp_path: Path):
    sheet, word = tmp_path / "check.xlsx", tmp_path / "check.docx"
    assert (
        invoke("check", corpus_dir / PLAN, corpus_dir / NEXT, "--format", "xlsx", "-o", sheet).exit_code == 0
    )
    assert (
        invoke("check", corpus_dir / PLAN, corpus_dir / NEXT, "--format", "docx", "-o", word).exit_code == 0
    )
    ws = openpyxl.load_workbook(sheet)["对照表"]
    assert ws["A1"].value == "河北省2024年政府工作报告目标任务兑现情况对照表"
    first = [c.value for c in ws[4]]
    assert first[1:6] == ["地区生产总值", "5.5%左右", "5.4%", "98.2%", "完成"]
    table = docx.Document(str(word)).tables[0]
    assert [c.text for c in table.rows[0].cells][:6] == ["序号", "目标", "目标值", "完成值", "完成率", "结论"]
    assert table.rows[1].cells[3].text == "5.4%"


@pytest.mark.parametrize(
    ("plan", "second", "message"),
    [
        (PLAN, "binary", "二进制文件"),
        (PLAN, "prose", "看不出是政府工作报告"),
        (PLAN, "hlj-province-2026.txt", "不是河北省的"),
        ("baoding-city-2023.txt", "hebei-province-2024.txt", "不是保定市的"),
        (PLAN, PLAN, "同为2024年的报告"),
        (PLAN, "missing", "找不到第二个文件"),
    ],
    ids=[
        "not a text",
        "not a report",
        "another government",
        "the province, not the city",
        "same year",
        "missing",
    ],
)
def test_a_bad_second_file_is_one_line_and_status_2(corpus_dir: Path, tmp_path: Path, plan, second, message):
    made = {
        "binary": tmp_path / "report.txt",
        "prose": tmp_path / "notes.txt",
        "missing": tmp_path / "nowhere.txt",
    }
    made["binary"].write_bytes(bytes(range(256)) * 20)
    made["prose"].write_text(
        "会议纪要\n今天下午讨论了食堂菜单和停车位安排，大家发言踊跃。\n", encoding="utf-8"
    )
    second_path = made.get(second, corpus_dir / second)
    result = invoke("check", corpus_dir / plan, second_path)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == ""


def test_xlsx_without_an_output_file_is_refused(corpus_dir: Path):
    result = invoke("check", corpus_dir / PLAN, corpus_dir / NEXT, "--format", "xlsx")
    assert result.exit_code == 2 and "-o" in result.stderr


@pytest.mark.django_db
def test_a_stored_plan_is_checked_with_its_ids_and_drafted(corpus_dir: Path, tmp_path: Path):
    assert invoke("import", corpus_dir / PLAN, "--government", "河北省", "--level", "province").exit_code == 0
    result = invoke("check", "河北省/2024", corpus_dir / NEXT, "--json")
    assert result.exit_code == 0, result.stderr
    checks = json.loads(result.stdout)["checks"]
    assert all(c["task_id"] and c["task_id"].startswith("T") for c in checks)
    assert all(c["target_id"] for c in checks if c["target"]["value"] is not None)
    out = tmp_path / "review.docx"
    drafted = invoke("draft-review", "河北省/2024", out, "--date", "2024-12-31")
    assert drafted.exit_code == 0, drafted.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "过去一年，" in text and "【待核实：" in text
    bad = invoke("draft-review", "无此省/2024", out)
    assert bad.exit_code == 2 and "找不到计划" in bad.stderr
