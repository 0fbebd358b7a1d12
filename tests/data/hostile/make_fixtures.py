"""Write the hostile and odd transcript files of this folder, and what reading each must
give (expected.json): every speaker and word, or a refusal naming the file, the place
and the fix. Deterministic: the same bytes on every run.

    python tests/data/hostile/make_fixtures.py

Each file stands for a class of trouble that real exports and accidents produce (the
numbers are the issue's classes): 3 tracebacks, 4 hangs, 6 words lost from Word, 7 wrong
speakers or text, 8 valid files refused, 9 wrong text stored. Files that cannot live in
a repository (a named pipe, names with control characters or bytes that are not UTF-8)
are made by tests/test_readers_hostile.py at test time.
"""

from __future__ import annotations

import codecs
import json
import zipfile
from pathlib import Path

import office
from office import docx, p, r, row, table, xlsx

HERE = Path(__file__).resolve().parent
VTT = "WEBVTT\n\n"
CUE = "00:00:01.000 --> 00:00:04.000"
CUE2 = "00:00:05.000 --> 00:00:08.000"
ANN_BEN = [["Ann Lee", "We met on Tuesday."], ["Ben Roy", "And talked about rotas."]]
FIXTURES: dict[str, tuple[bytes, dict]] = {}


def fixture(name: str, data: bytes | str, **expected: object) -> None:
    FIXTURES[name] = (data.encode("utf-8") if isinstance(data, str) else data, expected)


def turns(*pairs: tuple[str, str]) -> list[list[str]]:
    return [list(pair) for pair in pairs]


def _xlsx_broken() -> None:
    header = row(1, "Speaker", "Text") + row(2, "Ann Lee", "We met on Tuesday.")
    fixture("c3_broken_sheet_xml.xlsx", xlsx("", sheet_xml=f'<worksheet xmlns="{office.S_NS}">'
            f"<sheetData>{header}<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Ben"),
            refused=["not a readable Excel workbook", "Fix:"])
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">'
                        for i in range(1, 9)) + "]>")
    fixture("c3_dtd_entities.xlsx", xlsx("", sheet_xml=laughs + f'<worksheet xmlns="{office.S_NS}">'
            f'<sheetData>{row(1, "Speaker", "Text")}<row r="2"><c r="A2" t="inlineStr"><is>'
            "<t>&lol8;</t></is></c></row></sheetData></worksheet>"),
            refused=["not a readable Excel workbook", "Fix:"])
    fixture("c3_bad_shared_string.xlsx",
            xlsx(row(1, "Speaker", "Text") + '<row r="2"><c r="A2" t="s"><v>0</v></c>'
                 '<c r="B2" t="s"><v>99</v></c></row>', shared=("Ann Lee",)),
            refused=["not a readable Excel workbook", "Fix:"])
    fixture("c3_bad_number_cell.xlsx",
            xlsx(row(1, "Speaker", "Text", "Start") + row(2, "Ann Lee", "Hi.")[:-6]
                 + '<c r="C2" t="n"><v>twelve</v></c></row>'),
            refused=["not a readable Excel workbook", "Fix:"])
    fixture("c3_infinite_time.xlsx",
            xlsx(row(1, "Speaker", "Text", "Start") + row(2, "Ann Lee", "Hi.")[:-6]
                 + '<c r="C2" s="1"><v>INF</v></c></row>', time_style=True),
            refused=["not a readable Excel workbook", "Fix:"])
    fixture("c3_chart_only.xlsx", office.chart_only_xlsx(),
            refused=["not a readable Excel workbook", "Fix:"])
    stored = xlsx(row(1, "Speaker", "Text") + row(2, "Ann Lee", "We met on Tuesday."),
                  method=zipfile.ZIP_STORED)
    fixture("c3_bad_crc.xlsx", stored.replace(b"Tuesday", b"Tuesdax"),
            refused=["not a readable Excel workbook", "CRC", "Fix:"])


def _docx_broken() -> None:
    plain = docx(p("Ann Lee: We met on Tuesday."))
    fixture("c3_encrypted_member.docx", office.patch_member(plain, "word/document.xml",
                                                            flags=0x1),
            refused=["'word/document.xml' is encrypted", "Fix: remove the password"])
    fixture("c3_deflate64_member.docx", office.patch_member(plain, "word/document.xml",
                                                            method=9),
            refused=["'word/document.xml' is packed with a method", "Deflate64", "Fix:"])
    fixture("c3_not_xml.docx", office.zipped({
        "[Content_Types].xml": "<Types", "word/document.xml": "<w:document"}),
            refused=["not a readable Word document", "Fix:"])


def _meeting_number() -> None:
    fixture("meeting12345678901234567890.vtt", VTT + f"{CUE}\nAnn Lee: Hello.\n",
            turns=turns(("Ann Lee", "Hello.")), meeting=None,
            warnings=["too large to be a meeting number"])


def _hangs() -> None:
    fixture("c4_voice_classes.vtt", VTT + f"{CUE}\n<v" + ".a" * 110 + "\n",
            turns=turns(("Unknown speaker", "<v" + ".a" * 110)))
    many = "<a" * 60_000
    fixture("c4_many_open_tags.vtt", VTT + f"{CUE}\nAnn Lee: hi {many}\n",
            turns=turns(("Ann Lee", f"hi {many}")))
    fixture("c4_many_quotes.csv", "speaker,text\n" + '"' * 20_001 + "\n",
            refused=["quote", "never closed", "Fix:"])
    fixture("c4_long_label_line.txt", "Ann Lee: Hello.\n" + "(" * 50_000 + ":\n",
            turns=turns(("Ann Lee", "Hello. " + "(" * 50_000 + ":")))


def _word_words() -> None:
    ins = '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">{}</w:ins>'
    dele = ('<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>'
            "never </w:delText></w:r></w:del>")
    fixture("c6_tracked_insertion.docx",
            docx(p("Ann Lee: We ", ins.format(r("really ")), dele, "agree.")
                 + p(ins.format(r("Ben Roy: Yes, we do.")))),
            turns=turns(("Ann Lee", "We really agree."), ("Ben Roy", "Yes, we do.")),
            warnings=["1 deleted (tracked) passage(s)"])
    sdt = "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"
    fixture("c6_content_control_inline.docx",
            docx(p("Ann Lee: The ward is ", sdt.format(r("short-staffed")), " again.")),
            turns=turns(("Ann Lee", "The ward is short-staffed again.")))
    fixture("c6_content_control_block.docx",
            docx(p("Ann Lee: First point.") + sdt.format(p("Ben Roy: Second point.")
                                                          + p("Third point."))),
            turns=turns(("Ann Lee", "First point."), ("Ben Roy", "Second point. Third point.")))
    fixture("c6_smart_tag.docx",
            docx(p("Ann Lee: We meet in ", '<w:smartTag w:uri="u" w:element="City">'
                   + r("Leeds") + "</w:smartTag>", " on Friday.")),
            turns=turns(("Ann Lee", "We meet in Leeds on Friday.")))
    fixture("c6_simple_field.docx",
            docx(p("Ann Lee: Ask ", '<w:fldSimple w:instr=" AUTHOR ">' + r("Dr Okafor")
                   + "</w:fldSimple>", " first.")),
            turns=turns(("Ann Lee", "Ask Dr Okafor first.")))
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE '
             '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    fixture("c6_complex_field.docx", docx(p("Ann Lee: It was ", field.format(r("Monday")), ".")),
            turns=turns(("Ann Lee", "It was Monday.")))
    fixture("c6_hyperlink.docx",
            docx(p("Ann Lee: See ", '<w:hyperlink r:id="rId9">' + r("the rota") + "</w:hyperlink>",
                   " page.")),
            turns=turns(("Ann Lee", "See the rota page.")))
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret </w:t></w:r>'
    fixture("c6_hidden_run.docx", docx(p("Ann Lee: Visible ", hidden, "words.")),
            turns=turns(("Ann Lee", "Visible words.")), warnings=["1 hidden run(s)"])
    fixture("c6_table_two_columns.docx",
            docx(p("Focus group 3") + table([["Ann Lee", "We met on Tuesday."],
                                              ["Ben Roy", "And talked about rotas."]])),
            turns=ANN_BEN, warnings=["left out 1 paragraph(s) outside the transcript table"])
    fixture("c6_table_header_time.docx",
            docx(table([["Speaker", "Time", "Text"], ["Ann Lee", "00:00:01", "We met on Tuesday."],
                        ["Ben Roy", "00:00:05", "And talked about rotas."]])),
            turns=ANN_BEN, starts=[1.0, 5.0])
    fixture("c6_table_merged_speaker.docx",
            docx(table([["Ann Lee", "We met on Tuesday."], [None, "And on Friday."],
                        ["Ben Roy", "And talked about rotas."]])),
            turns=turns(("Ann Lee", "We met on Tuesday. And on Friday."),
                        ("Ben Roy", "And talked about rotas.")))


def _speakers_and_text() -> None:
    fixture("c7_colon_captions.vtt", VTT + f"{CUE}\nSo the plan is: we meet on Tuesday.\n\n"
            f"{CUE2}\nNote: bring the rota.\n",
            turns=turns(("Unknown speaker", "So the plan is: we meet on Tuesday."),
                        ("Unknown speaker", "Note: bring the rota.")))
    captions = [f"00:00:0{n}.000 --> 00:00:0{n}.900\n{text}" for n, text in enumerate(
        ["We met on Tuesday.", "Update: the rota is out.", "Everyone came.", "It went well.",
         "Next time, leave.", "Thank you all."], start=1)]
    fixture("c7_rare_colon_label.vtt", VTT + "\n\n".join(captions) + "\n",
            turns=[["Unknown speaker", text.split("\n")[1]] for text in captions],
            warnings=["1 of 6 cues start like 'Name: text'"])
    fixture("c7_two_voices.vtt", VTT + f"{CUE}\n<v Ann Lee>We met on Tuesday.</v>\n"
            "<v Ben Roy>And talked about rotas.</v>\n", turns=ANN_BEN)
    fixture("c7_escaped_voice.vtt", VTT + f"{CUE}\n<v R&amp;D Room>Tom &amp; Jerry agree.</v>\n",
            turns=turns(("R&D Room", "Tom & Jerry agree.")))
    fixture("c7_font_wrapper.srt", f"1\n{CUE.replace('.', ',')}\n<font color=\"#ffff00\">"
            "Ann Lee: We met on Tuesday.</font>\n\n2\n" + CUE2.replace(".", ",")
            + "\n<i>Ben Roy:</i> And talked about rotas.\n", turns=ANN_BEN)
    fixture("c7_an8_wrapper.srt", f"1\n{CUE.replace('.', ',')}\n{{\\an8}}Ann Lee: We met on "
            "Tuesday.\n\n2\n" + CUE2.replace(".", ",") + "\n{\\an8}Ben Roy: And talked "
            "about rotas.\n", turns=ANN_BEN)
    fixture("c7_dialogue_dashes.srt", f"1\n{CUE.replace('.', ',')}\n- Ann Lee: We met on "
            "Tuesday.\n- Ben Roy: And talked about rotas.\n", turns=ANN_BEN)
    fixture("c7_line_separators.txt",
            "Ann Lee: We met on Tuesday.\u2028Ben Roy: And talked about rotas.\u2029",
            turns=ANN_BEN)
    fixture("c7_rev.txt", "Speaker 1 (00:00):\nWe met on Tuesday.\n\nSpeaker 2 (00:05):\n"
            "And talked about rotas.\n",
            turns=turns(("Speaker 1", "We met on Tuesday."),
                        ("Speaker 2", "And talked about rotas.")), starts=[0.0, 5.0])
    fixture("c7_rev_named.txt", "Ann Lee (01:02:03): We met on Tuesday.\n"
            "Ben Roy (01:02:09): And talked about rotas.\n", turns=ANN_BEN,
            starts=[3723.0, 3729.0])
    fixture("c7_google_meet.txt", "Rota review (2024-03-12 10:00 GMT) - Transcript\n"
            "Attendees\nAnn Lee, Ben Roy\nTranscript\n"
            "This editable transcript was computer generated and might contain errors.\n"
            "00:00:00\nAnn Lee: We met on Tuesday.\n00:00:05\nBen Roy: And talked about "
            "rotas.\n", turns=ANN_BEN, starts=[0.0, 5.0], warnings=["left out 4 line(s)"])
    fixture("c7_merged_speaker.xlsx",
            xlsx(row(1, "Speaker", "Text") + row(2, "Ann Lee", "We met on Tuesday.")
                 + row(3, None, "And on Friday.") + row(4, "Ben Roy", "And talked about rotas."),
                 merges=("A2:A3",)),
            turns=turns(("Ann Lee", "We met on Tuesday. And on Friday."),
                        ("Ben Roy", "And talked about rotas.")))
    fixture("c7_youtube.vtt", "WEBVTT\nKind: captions\nLanguage: en\n\n"
            "00:00:01.000 --> 00:00:04.000 align:start position:0%\n"
            "we<00:00:01.400><c> met</c><00:00:02.000><c> on</c><00:00:02.500><c> Tuesday</c>\n",
            turns=turns(("Unknown speaker", "we met on Tuesday")))
    fixture("c7_excel_escapes.xlsx",
            xlsx(row(1, "Speaker", "Text") + row(2, "Ann Lee", "We met_x000D_\non_x0007_ Tuesday.")
                 + row(3, "Ben Roy", "Keep _x005F_x0041_ as written.")),
            turns=turns(("Ann Lee", "We met on Tuesday."), ("Ben Roy", "Keep _x0041_ as written.")))
    fixture("c7_unquoted_comma.csv", "speaker,text,start\nAnn Lee,Well, we met on Tuesday,1\n"
            "Ben Roy,And talked about rotas.,5\n",
            turns=turns(("Ann Lee", "Well, we met on Tuesday"),
                        ("Ben Roy", "And talked about rotas.")),
            warnings=["more cells than the header (the first is row 2)"])


def _valid_files() -> None:
    fixture("c8_missing_blank_line.vtt", VTT + f"{CUE}\nAnn Lee: We met on Tuesday.\n2\n{CUE2}\n"
            "Ben Roy: And talked about rotas.\n", turns=ANN_BEN, starts=[1.0, 5.0])
    fixture("c8_kind_language.vtt", "WEBVTT\nKind: captions\nLanguage: en\n\n"
            f"{CUE}\nAnn Lee: We met on Tuesday.\n", turns=turns(ANN_BEN[0]))
    srt = (f"1\n{CUE.replace('.', ',')}\nAnn Lee: We met on Tuesday.\n\n2\n"
           + CUE2.replace(".", ",") + "\nBen Roy: And talked about rotas.\n")
    fixture("c8_cr_cr_lf.srt", srt.replace("\n", "\r\r\n"), turns=ANN_BEN)
    plain = "Ann Lee: We met on Tuesday.\nBen Roy: And talked about rotas.\n"
    fixture("c8_utf16le_no_bom.txt", plain.encode("utf-16-le"), turns=ANN_BEN)
    fixture("c8_utf16be_no_bom.srt", srt.encode("utf-16-be"), turns=ANN_BEN)
    fixture("c8_stray_nul.vtt", VTT + f"{CUE}\nAnn Lee: We met on\x00 Tuesday.\n",
            turns=turns(ANN_BEN[0]), warnings=["removed 1 invisible control character(s)"])
    fixture("c8_label_full_stop.txt", "Sarah K.: We met on Tuesday.\nBen Roy Jr.: And talked "
            "about rotas.\n", turns=turns(("Sarah K.", "We met on Tuesday."),
                                          ("Ben Roy Jr.", "And talked about rotas.")))
    fixture("c8_fullwidth_colon.txt", "李明：我们周二见过面。\n王芳：还讨论了排班。\n",
            turns=turns(("李明", "我们周二见过面。"), ("王芳", "还讨论了排班。")))
    fixture("c8_rtl_mark.txt",
            "\u200fسارة: التقينا يوم الثلاثاء.\n\u200fعلي: وتحدثنا عن المناوبات.\n",
            turns=turns(("سارة", "التقينا يوم الثلاثاء."), ("علي", "وتحدثنا عن المناوبات.")))
    fixture("c8_no_labels.txt", "We met on Tuesday and talked about rotas.\nIt went well:\n"
            "everyone came.\n\nNext time we talk about leave.\n",
            turns=turns(("Unknown speaker", "We met on Tuesday and talked about rotas. It went "
                         "well: everyone came."),
                        ("Unknown speaker", "Next time we talk about leave.")),
            warnings=["no speaker labels"])
    fixture("c8_no_labels_one_per_line.txt", "We met on Tuesday.\nWe talked about rotas.\n",
            turns=turns(("Unknown speaker", "We met on Tuesday."),
                        ("Unknown speaker", "We talked about rotas.")),
            warnings=["no speaker labels"])
    fixture("c8_time_lines_no_labels.txt", "0:01\nwe met on Tuesday\n0:05\nand talked about\n"
            "rotas\n", turns=turns(("Unknown speaker", "we met on Tuesday"),
                                   ("Unknown speaker", "and talked about rotas")),
            starts=[1.0, 5.0])
    fixture("c8_title_above_header.xlsx",
            xlsx(row(1, "Focus group 3 — transcript") + row(3, "Speaker", "Text")
                 + row(4, "Ann Lee", "We met on Tuesday.") + row(5, "Ben Roy",
                                                                  "And talked about rotas.")),
            turns=ANN_BEN, warnings=["left out 1 row(s) above the header"])
    fixture("c8_sep_line.csv", "sep=;\nspeaker;text\nAnn Lee;We met on Tuesday.\n"
            "Ben Roy;And talked about rotas.\n", turns=ANN_BEN)
    long = "word " * 40_000
    fixture("c8_long_cell.csv", f'speaker,text\nAnn Lee,"{long}"\n',
            turns=turns(("Ann Lee", long.strip())))


def _encodings() -> None:
    chinese = "李明：我们周二见过面，还讨论了排班。\n王芳：是的，大家都觉得压力很大。\n"
    expected = turns(("李明", "我们周二见过面，还讨论了排班。"),
                     ("王芳", "是的，大家都觉得压力很大。"))
    fixture("c9_gbk.txt", chinese.encode("gbk"), turns=expected, warnings=["GBK"])
    japanese = "田中：今日は会議を始めましょう。\n佐藤：はい、お願いします。\n"
    fixture("c9_shift_jis.txt", japanese.encode("cp932"),
            turns=turns(("田中", "今日は会議を始めましょう。"), ("佐藤", "はい、お願いします。")),
            warnings=["Shift-JIS"])
    russian = "Иван: Мы встретились во вторник.\nМария: И обсудили графики дежурств.\n"
    fixture("c9_cp1251.txt", russian.encode("cp1251"),
            turns=turns(("Иван", "Мы встретились во вторник."),
                        ("Мария", "И обсудили графики дежурств.")), warnings=["Windows-1251"])
    fixture("c9_c1_quotes.txt", "Ann Lee: It\u0092s \u0093fine\u0094.\n",
            turns=turns(("Ann Lee", "It’s “fine”.")), warnings=["restored 3"])
    fixture("c9_cp1252.txt", "José Núñez: It’s “fine” — really.\n".encode("cp1252"),
            turns=turns(("José Núñez", "It’s “fine” — really.")), warnings=["Windows-1252"])
    fixture("c9_unrecognised.txt", bytes(range(0xC0, 0x100)) * 4 + b"\n",
            refused=["encoding could not be recognised", "line 1", "UTF-8"])


def _bom_and_binary() -> None:
    fixture("c8_utf8_bom_crlf.vtt", codecs.BOM_UTF8 + (VTT + f"{CUE}\nAnn Lee: Hi.\n")
            .replace("\n", "\r\n").encode(), turns=turns(("Ann Lee", "Hi.")))
    fixture("c3_binary.vtt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            refused=["binary", "Fix:"])
    fixture("c3_truncated_timing.vtt", VTT + f"{CUE}\nAnn Lee: Hi.\n\n00:00:05.000 --> 00:0",
            refused=["line 6", "expected a cue timing", "Fix:"])


def write_all() -> None:
    for make in (_xlsx_broken, _docx_broken, _meeting_number, _hangs, _word_words,
                 _speakers_and_text, _valid_files, _encodings, _bom_and_binary):
        make()
    for stale in HERE.iterdir():
        if stale.suffix in (".vtt", ".srt", ".txt", ".csv", ".docx", ".xlsx"):
            stale.unlink()
    for name, (data, _) in FIXTURES.items():
        (HERE / name).write_bytes(data)
    expected = {name: spec for name, (_, spec) in sorted(FIXTURES.items())}
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1)
                                        + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_all()
    print(f"wrote {len(FIXTURES)} files to {HERE}")
