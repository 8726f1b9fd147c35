"""Department suggestion: real report sentences in, the expected lead unit (and support) out.

The table rows are task sentences exactly as the extractor returns them from the corpus reports;
the test id of each row is the sentence, so a failing row names the sentence that broke. Known
misses are strict xfail rows: when a change fixes one, the suite says so.
"""

from __future__ import annotations

import copy
import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from duban.extract import extract_file
from duban.plans.suggest import (
    DepartmentDataError,
    DepartmentProfile,
    fallback_lead,
    load_seed,
    parse_seed,
    seed_departments,
    suggest,
    task_context,
)

SAMPLE = Path(str(resources.files("duban") / "samples" / "aimin-2024.txt"))
DATA = Path(str(resources.files("duban") / "data" / "departments.toml"))

# (report, task sentence as extracted, expected lead, a support expected too, or None)
ROWS: list[tuple[str, str, str, str | None]] = [
    (
        "aimin-2024",
        "全力抓好粮食安全，确保粮食播种面积和产量分别稳定在12万亩、9000万斤以上。",
        "农业农村局",
        None,
    ),
    (
        "aimin-2024",
        "聚焦巩固拓展脱贫攻坚成果，确保脱贫人口和边缘易致贫人口持续稳定增收，力争2024年度收入增幅继续保持双位数。",
        "农业农村局",
        None,
    ),
    (
        "aimin-2024",
        '促进三产融合发展，依托绿色食品电商服务中心，实施电商农业赋能，构建"种养加销"一体化产业链条，提高农业竞争力。',
        "农业农村局",
        None,
    ),
    (
        "aimin-2024",
        '鼓励、引导企业加大科技投入，力争全年高新技术、科技型中小企业均新增4户以上，推进"个转企、小升规"，'
        "力争全年新增规上工业企业完成市定任务。",
        "工业和信息化局（科学技术局）",
        None,
    ),
    (
        "aimin-2024",
        "完成大庆路化工园区污水处理厂、园区道路等基础设施建设，招引更多精细化工及新材料项目，"
        "加快有机磷阻燃剂项目完成中试，投入批量生产。",
        "产业园区管理委员会",
        "工业和信息化局（科学技术局）",
    ),
    (
        "aimin-2024",
        "激活社会消费潜力，积极组织限上企业开展促销活动，围绕乐嘀琦季儿童游乐项目加大月星商业街招商力度，"
        "支持互金商贸等企业线上线下融合发展，开展直播电商业务，培育消费新业态、新模式。",
        "商务局",
        None,
    ),
    (
        "aimin-2024",
        "构建文旅融合新业态，谋划海东青冰雪研学线路，举办具有爱民特色的冰雪旅游节庆活动。",
        "文化广电和旅游局",
        None,
    ),
    (
        "aimin-2024",
        '坚持项目为先、项目为要，打好项目建设"四季会战"，力争全年谋划项目180个，项目总投资130亿元以上，'
        "开复工项目40个，竣工项目30个以上。",
        "发展和改革局",
        None,
    ),
    (
        "aimin-2024",
        '坚持主要领导带头招商，发动全区力量齐上招商主战场，坚持"走出去、引进来"常态化，积极对接龙头企业和商会协会，'
        "吸纳先进招商理念，对招商项目服务到位、跟踪到位、落实到位。",
        "投资促进局（招商）",
        None,
    ),
    (
        "aimin-2024",
        "力争全年新签约项目240个，亿元以上项目30个，总投资超100亿元。",
        "投资促进局（招商）",
        None,
    ),
    (
        "aimin-2024",
        '完善园区"管委会+运营公司+经营主体"管理模式，完善管委会和运营公司管理机制，加快运营公司市场化进程，'
        "发挥管委会、运营公司、经营主体、行业主管部门的体制及职能优势，形成四方联动工作合力，有序推动10个产业园区建设。",
        "产业园区管理委员会",
        None,
    ),
    (
        "aimin-2024",
        '优化政务服务水平，持续深化"放管服"改革，依托全国"一体化"政务服务平台，承接更多高频政务服务事项，'
        "最大限度集成便民利企服务事项、简化审批流程。",
        "营商环境建设监督局",
        None,
    ),
    ("aimin-2024", "高质量完成第五次全国经济普查工作。", "统计局", None),
    (
        "aimin-2024",
        "以全国文明城市创建为契机，健全农村垃圾收集、转运长效管理机制，加快开展城市生活垃圾分类。",
        "城市管理综合执法局",
        None,
    ),
    ("aimin-2024", "持续推进农村危房改造，做好隐患房屋长期管控和整治销号工作。", "住房和城乡建设局", None),
    (
        "aimin-2024",
        "扎实开展黑土地保护，全面落实田长制，坚决遏制耕地非农化、非粮化，加强菌袋、地膜、农药包装等农业废弃物回收利用。",
        "农业农村局",
        "自然资源分局",
    ),
    (
        "aimin-2024",
        '抓牢大气污染防治，加快西城供热公司65蒸吨以上燃煤锅炉超低排放改造，确保秸秆禁烧保持全年"零火点"。',
        "生态环境分局",
        None,
    ),
    (
        "aimin-2024",
        "全力抓好水生态防护，计划投资3750万元治理山洪沟3条，积极申报侵蚀沟治理项目。",
        "水务局",
        None,
    ),
    (
        "aimin-2024",
        '做好中央环保督察反馈问题整改和入河排污口整治"回头看"，严防整治问题"死灰复燃"。',
        "生态环境分局",
        None,
    ),
    (
        "aimin-2024",
        '兜牢民生底线，持续推进低保扩围增效，建立特殊困难儿童动态信息"四色"管理台账，切实提高重点人群保障水平。',
        "民政局",
        None,
    ),
    ("aimin-2024", "打造超1500平方米的黄花站社区居家养老服务驿站，提升老年人幸福指数。", "民政局", None),
    (
        "aimin-2024",
        '坚持就业优先，常态化开展各类招聘活动，加快省市级"充分就业社区"创建，深化根治欠薪源头治理，加大劳动者权益保护力度。',
        "人力资源和社会保障局",
        None,
    ),
    (
        "aimin-2024",
        '加大教育文化投入，增加公办幼儿园学位200个，加快全民健身中心、5个社会足球场等项目推进建设，持续打造"一校一品一亮点"'
        "教育发展格局，创建井冈山小学、教育示范幼儿园等特色校园，扩大优质教育资源供给。",
        "教育局",
        "文化广电和旅游局",
    ),
    (
        "aimin-2024",
        "增强公共卫生服务能力，扎实开展国家基本公共卫生服务项目，联合二三级医院，补充基层医疗机构家庭医生队伍，"
        "全面提升家庭医生服务质效。",
        "卫生健康局",
        None,
    ),
    (
        "aimin-2024",
        "抓好重点领域和重点行业市场监管，坚决打击食品安全、药品流通领域违法行为。",
        "市场监督管理局",
        None,
    ),
    (
        "aimin-2024",
        "抓好安全生产工作，严肃落实安全生产监管网格责任体系，做好以检查倒逼问题整改，切实提升本质安全水平，"
        "继续保持安全生产总体稳定态势。",
        "应急管理局",
        None,
    ),
    (
        "aimin-2024",
        "健全完善区级应急和防灾减灾物资储备体系，切实提高极端自然灾害防范应对能力。",
        "应急管理局",
        None,
    ),
    (
        "aimin-2024",
        "坚持依法治区、依法执政、依法行政共同推进，把法治政府建设贯穿到政府工作全过程。",
        "司法局",
        None,
    ),
    (
        "aimin-2024",
        '严格执行"三重一大"事项集体决策议事规则，规范政务信息公开，加快制定法治政府建设示范创建工作实施方案和'
        "指标任务分解清单，全力推动全区法治政府建设运台阶、上水平。",
        "区政府办公室",
        None,
    ),
    (
        "aimin-2024",
        '严格执行招投标制度和政府采购制度，严控"三公"经费和一般性支出，确保政府各项支出合法合规，习惯过紧日子。',
        "财政局",
        None,
    ),
    ("cn-state-council-2024", "加强审计监督。", "审计局", None),
    ("cn-state-council-2024", "推进国家水网建设。", "水务局", None),
    ("cn-state-council-2024", "做好留守儿童和困境儿童关爱救助。", "民政局", None),
    (
        "cn-state-council-2024",
        "推动基本医疗保险省级统筹，完善国家药品集中采购制度，强化医保基金使用常态化监管，落实和完善异地就医结算。",
        "医疗保障局",
        None,
    ),
    (
        "cn-state-council-2024",
        "扎实开展安全生产治本攻坚三年行动，加强重点行业领域风险隐患排查整治，压实各方责任，坚决遏制重特大事故发生。",
        "应急管理局",
        None,
    ),
    (
        "cn-state-council-2024",
        "强化社会治安整体防控，推进扫黑除恶常态化，依法打击各类违法犯罪活动，建设更高水平的平安中国。",
        "公安分局",
        None,
    ),
    (
        "cn-state-council-2024",
        "严守耕地红线，完善耕地占补平衡制度，加强黑土地保护和盐碱地综合治理，提高高标准农田建设投资补助水平。",
        "农业农村局",
        "自然资源分局",
    ),
    ("cn-state-council-2024", "做好退役军人、军属和其他优抚对象服务保障。", "退役军人事务局", None),
    ("cn-state-council-2024", "继续做好重点传染病防控。", "卫生健康局", None),
    (
        "cn-state-council-2024",
        "加大保障性住房建设和供给，完善商品房相关基础性制度，满足居民刚性住房需求和多样化改善性住房需求。",
        "住房和城乡建设局",
        None,
    ),
    ("cn-state-council-2024", "加强公共法律服务。", "司法局", None),
    (
        "cn-state-council-2024",
        "建好用好群众身边的体育设施，推动全民健身活动广泛开展。",
        "文化广电和旅游局",
        None,
    ),
    (
        "cn-state-council-2024",
        "开展基础教育扩优提质行动，加快义务教育优质均衡发展和城乡一体化，改善农村寄宿制学校办学条件，持续深化“双减”，"
        "推动学前教育普惠发展，加强县域普通高中建设。",
        "教育局",
        None,
    ),
    (
        "cn-state-council-2024",
        "统筹好地方债务风险化解和稳定发展，进一步落实一揽子化债方案，妥善化解存量债务风险、严防新增债务风险。",
        "财政局",
        None,
    ),
    (
        "cn-state-council-2024",
        "坚持和发展新时代“枫桥经验”，推进矛盾纠纷预防化解，推动信访工作法治化。",
        "信访局",
        "司法局",
    ),
    ("baoding-city-2023", "开展好第五次全国经济普查工作。", "统计局", None),
    (
        "baoding-city-2023",
        "改造棚户区4.9万套，改造老旧小区610个，确保2000年前建成的老旧小区全部改造完成。",
        "住房和城乡建设局",
        None,
    ),
    ("baoding-city-2023", "常态化治理农民工欠薪，维护农民工合法权益。", "人力资源和社会保障局", None),
    ("baoding-city-2023", "擦亮招商引资“金名片”。", "投资促进局（招商）", None),
    (
        "baoding-city-2023",
        "实施科技型中小企业“小升高”工程，培育省级“专精特新”中小企业80家，新增高新技术企业70家、科技型中小企业300家。",
        "工业和信息化局（科学技术局）",
        None,
    ),
    (
        "baoding-city-2023",
        "确保粮食播种面积和产量保持在1000万亩、400万吨以上，建设改造高标准农田70万亩，"
        "争创国家“整区域推进高标准农田建设地市级试点”。",
        "农业农村局",
        None,
    ),
    (
        "baoding-city-2023",
        "深化“放管服”改革，抓好政务服务标准化建设，深入实施“区域评估＋标准地＋承诺制＋代办制+先建后验”改革，"
        "推动“一件事一次办”，扩大“跨市跨省通办”，让企业群众依规办事不求人、方便快捷少跑腿。",
        "营商环境建设监督局",
        None,
    ),
    (
        "baoding-city-2023",
        "建设100个口袋公园，启动新保定动物园建设，打造精品宜居街巷273条，建设可见绿、可漫步、可休闲的“美好街巷”。",
        "城市管理综合执法局",
        None,
    ),
    (
        "baoding-city-2023",
        "依托奥润顺达、顺安远大等龙头企业，抓好装配式农房建设试点，将绿色低碳舒适宜居理念深入融合到新农村建设。",
        "住房和城乡建设局",
        None,
    ),
    ("hebei-province-2024", "实施招商引资提效工程。", "投资促进局（招商）", None),
    (
        "hebei-province-2024",
        "积极稳妥化解房地产风险，扎实做好保交楼工作，促进房地产市场平稳健康发展。",
        "住房和城乡建设局",
        None,
    ),
    ("hebei-province-2024", "常态化开展扫黑除恶，严厉打击违法犯罪，确保社会大局稳定。", "公安分局", None),
    (
        "hebei-province-2024",
        "加大城乡低保、特困人员、孤寡老人、困境儿童等保障救助力度，提高残疾人两项补贴标准。",
        "民政局",
        None,
    ),
    (
        "hebei-province-2024",
        "开展新时代基础教育扩优提质行动，新改扩建义务教育学校100所、校舍50万平方米，创建省级特色普通高中30所。",
        "教育局",
        None,
    ),
    ("hebei-province-2024", "落实国家发改委支持唐山高质量发展总体方案。", "发展和改革局", None),
    (
        "hebei-province-2024",
        "加强消防、燃气、矿山、危化、交通、建筑施工、食品药品等安全监管，坚决遏制重特大事故发生。",
        "应急管理局",
        None,
    ),
    (
        "hebei-province-2024",
        "加强质量支撑和标准引领，支持企事业单位参与国家和行业标准制修订，让更多的燕赵名品走出河北、走向全国。",
        "市场监督管理局",
        None,
    ),
    ("hlj-province-2026", "持续推进信访工作法治化，集中化解信访问题。", "信访局", None),
    ("hlj-province-2026", "深化医保支付方式改革，优化药品集中采购。", "医疗保障局", None),
    ("hlj-province-2026", "改造农村危房4600户。", "住房和城乡建设局", None),
    ("hlj-province-2026", "切实抓好中央环保督察反馈问题整改。", "生态环境分局", None),
    (
        "hlj-province-2026",
        "推进“三北”六期工程建设，科学开展国土绿化，完成营造林128万亩。",
        "自然资源分局",
        None,
    ),
    (
        "hlj-province-2026",
        "加快森林草原防灭火设施建设，加强大兴安岭林区森林草原火灾系统治理。",
        "应急管理局",
        None,
    ),
    (
        "hlj-province-2026",
        "实施高质量参保行动，进一步扩大社会保险覆盖面。",
        "人力资源和社会保障局",
        "医疗保障局",
    ),
    ("hlj-province-2026", "加快加力清理拖欠企业账款。", "营商环境建设监督局", None),
    (
        "hlj-province-2026",
        "深入实施“满园工程”，强化产业园区用地专项治理，增强园区载体功能。",
        "产业园区管理委员会",
        None,
    ),
    (
        "hlj-province-2026",
        "实施新一轮农业转移人口市民化行动，全面落实“零门槛”落户政策。",
        "发展和改革局",
        "公安分局",
    ),
    (
        "hlj-province-2026",
        "开展疫苗接种惠民减免活动，推进新生儿耳聋基因免费筛查和老年人健康免费体检。",
        "卫生健康局",
        None,
    ),
    # issue #10: each item of the main-targets list is its own task with its own lead unit
    ("aimin-2024", "地区生产总值增长6%", "发展和改革局", None),
    ("aimin-2024", "一般公共预算收入增长18%", "财政局", None),
    ("aimin-2024", "规模以上工业增加值增长10%", "工业和信息化局（科学技术局）", None),
    ("aimin-2024", "社会消费品零售总额增长7%", "商务局", None),
    ("cn-state-council-2024", "城镇调查失业率5.5%左右", "人力资源和社会保障局", None),
    ("cn-state-council-2024", "居民收入增长和经济增长同步", "人力资源和社会保障局", None),
    ("cn-state-council-2024", "国际收支保持基本平衡", "商务局", None),
    ("cn-state-council-2024", "粮食产量1.3万亿斤以上", "农业农村局", None),
]

# (report, sentence, the lead a person would choose, why keyword counting misses it)
KNOWN_MISSES: list[tuple[str, str, str, str]] = [
    (
        "cn-state-council-2024",
        "落实好结构性减税降费政策，重点支持科技创新和制造业发展。",
        "财政局",
        "the beneficiaries (科技创新, 制造业) outnumber the action (减税降费)",
    ),
    (
        "cn-state-council-2024",
        "培育壮大新型消费，实施数字消费、绿色消费、健康消费促进政策，积极培育智能家居、文娱旅游、体育赛事、"
        "国货“潮品”等新的消费增长点。",
        "商务局",
        "消费 said five times counts once; three distinct tourism and sport words win",
    ),
    (
        "cn-state-council-2024",
        "推动养老、育幼、家政等服务扩容提质，支持社会力量提供社区服务。",
        "民政局",
        "bare 养老 is no keyword (it would also claim 养老保险 and 养老金融); 社区服务 goes to 街道",
    ),
]


def _row_params() -> list[Any]:
    params = [pytest.param(sentence, lead, support, id=sentence) for _, sentence, lead, support in ROWS]
    params += [
        pytest.param(sentence, lead, None, id=sentence, marks=pytest.mark.xfail(strict=True, reason=why))
        for _, sentence, lead, why in KNOWN_MISSES
    ]
    return params


@pytest.fixture(scope="module")
def departments() -> list[DepartmentProfile]:
    return seed_departments()


@pytest.fixture(scope="module")
def names(departments: list[DepartmentProfile]) -> set[str]:
    return {d.name for d in departments}


@functools.cache
def _extract(path: Path) -> dict:
    return extract_file(path)


def _report_path(report: str, shared: Path | None) -> Path:
    if report == "aimin-2024":
        return SAMPLE
    if shared is None:
        pytest.skip("shared corpus not available")
    return shared / "corpus" / f"{report}.txt"


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize(("sentence", "lead", "support"), _row_params())
def test_report_sentence_gets_expected_lead(
    departments: list[DepartmentProfile], sentence: str, lead: str, support: str | None
) -> None:
    got = suggest(sentence, departments)
    assert got.lead == lead, got.reasons
    if support is not None:
        assert support in got.supports, got.reasons


@pytest.mark.parametrize("report", sorted({row[0] for row in ROWS} | {row[0] for row in KNOWN_MISSES}))
def test_table_rows_are_real_task_sentences(report: str, request: pytest.FixtureRequest) -> None:
    shared = request.getfixturevalue("shared_dir") if report != "aimin-2024" else None
    tasks = {t["text"] for t in _extract(_report_path(report, shared))["tasks"]}
    rows = [row[1] for row in [*ROWS, *KNOWN_MISSES] if row[0] == report]
    assert [s for s in rows if s not in tasks] == []


def test_table_covers_sample_and_two_other_reports() -> None:
    reports = {row[0] for row in ROWS}
    assert "aimin-2024" in reports
    assert len(reports - {"aimin-2024"}) >= 2


# --------------------------------------------------------------------------- behaviour


def test_explicit_mention_outweighs_many_keywords(departments: list[DepartmentProfile]) -> None:
    got = suggest("由教育局牵头，统筹粮食安全、耕地保护、高标准农田建设和黑土地保护工作。", departments)
    assert got.lead == "教育局"
    assert got.reasons["教育局"] == "点名：教育局"
    assert "农业农村局" in got.supports


def test_alias_counts_as_mention(departments: list[DepartmentProfile]) -> None:
    got = suggest("请发改局会同有关部门抓好落实。", departments)
    assert got.lead == "发展和改革局"
    assert got.reasons["发展和改革局"] == "点名：发改局"


def test_no_match_falls_back_with_reason(departments: list[DepartmentProfile]) -> None:
    got = suggest("围绕实现上述目标，重点抓好以下五个方面工作。", departments)
    assert got.lead == fallback_lead() == "区政府办公室"
    assert got.supports == ()
    assert got.reasons == {"区政府办公室": load_seed().reasons.fallback}
    assert got.reasons["区政府办公室"] == "未命中关键词，默认牵头单位"


def test_fallback_argument_and_default_when_data_lead_absent(departments: list[DepartmentProfile]) -> None:
    assert suggest("重点抓好以下工作。", departments, fallback="财政局").lead == "财政局"
    others = [d for d in departments if d.name != fallback_lead()]
    assert suggest("重点抓好以下工作。", others).lead == others[0].name
    with pytest.raises(ValueError, match="fallback"):
        suggest("重点抓好以下工作。", departments, fallback="不存在的局")
    with pytest.raises(ValueError, match="at least one"):
        suggest("重点抓好以下工作。", [])


def test_shadow_word_hides_the_keyword_inside() -> None:
    # "市政府" holds 市政 (住建's word) but means the city government.
    got = suggest("在市委、市政府的坚强领导下，紧紧依靠全区人民。", seed_departments())
    assert got.lead == fallback_lead()


def test_context_rescues_a_bare_sentence_but_never_outvotes_it(departments: list[DepartmentProfile]) -> None:
    got = suggest("深化东西部协作和定点帮扶。", departments, context="毫不放松巩固拓展脱贫攻坚成果")
    assert got.lead == "农业农村局"
    assert got.reasons["农业农村局"] == "标题词：脱贫攻坚"
    loud = "全力推进乡村振兴 粮食安全 高标准农田 黑土地 设施农业"
    got = suggest("加强公共法律服务。", departments, context=loud)
    assert got.lead == "司法局"
    assert got.supports == ()  # title-only hits never make a support


def test_distinct_keywords_count_and_longer_weigh_more() -> None:
    deps = [DepartmentProfile("甲", keywords=("消费",)), DepartmentProfile("乙", keywords=("旅游", "体育"))]
    assert suggest("消费、消费、消费、旅游、体育", deps).lead == "乙"
    deps = [DepartmentProfile("甲", keywords=("学位",)), DepartmentProfile("乙", keywords=("义务教育",))]
    assert suggest("增加学位，推进义务教育", deps).lead == "乙"


def test_ties_follow_list_order_and_answers_repeat() -> None:
    a = DepartmentProfile("甲", keywords=("粮食",))
    b = DepartmentProfile("乙", keywords=("粮食",))
    assert suggest("抓好粮食生产", [a, b]).lead == "甲"
    assert suggest("抓好粮食生产", [b, a]).lead == "乙"
    first = suggest("抓好粮食生产", [a, b])
    assert all(suggest("抓好粮食生产", [a, b]) == first for _ in range(5))


def test_profiles_without_keywords_still_match_by_name() -> None:
    # A government's own edited list may leave keywords empty; the name still counts.
    deps = [DepartmentProfile("区档案馆"), DepartmentProfile("区政府办公室", keywords=("档案",))]
    assert suggest("由区档案馆负责档案数字化", deps).lead == "区档案馆"


def test_supports_never_contain_lead_and_stay_bounded(
    departments: list[DepartmentProfile], names: set[str], request: pytest.FixtureRequest
) -> None:
    shared = request.getfixturevalue("shared_dir")
    limit = load_seed().scoring.max_supports
    reports = [SAMPLE, *sorted((shared / "corpus").glob("*.txt"))]
    for path in reports:
        result = _extract(path)
        for task in result["tasks"]:
            got = suggest(task["text"], departments, context=task_context(task, result["outline"]))
            assert got.lead not in got.supports, task["text"]
            assert len(set(got.supports)) == len(got.supports) <= limit, task["text"]
            assert {got.lead, *got.supports} <= names
            assert set(got.reasons) == {got.lead, *got.supports}


def test_every_sample_task_gets_one_lead_with_a_reason(
    sample_result: dict, departments: list[DepartmentProfile], names: set[str]
) -> None:
    fallback_reason = load_seed().reasons.fallback
    fell_back = 0
    for task in sample_result["tasks"]:
        got = suggest(task["text"], departments, context=task_context(task, sample_result["outline"]))
        assert isinstance(got.lead, str) and got.lead in names, task["text"]
        assert got.reasons[got.lead].strip(), task["text"]
        fell_back += got.reasons[got.lead] == fallback_reason
    assert fell_back / len(sample_result["tasks"]) < 0.10


def test_task_context_joins_section_title_and_lead_phrase(sample_result: dict) -> None:
    task = next(t for t in sample_result["tasks"] if t["section"] == "2.1")
    context = task_context(task, sample_result["outline"])
    assert context.startswith("聚力抓产业、促转型，坚定不移做强实体经济")
    assert context.endswith(task["heading"])


# --------------------------------------------------------------------------- the data file


def test_seed_lists_the_typical_district_departments(departments: list[DepartmentProfile]) -> None:
    assert [d.name for d in departments] == [
        "区政府办公室", "发展和改革局", "工业和信息化局（科学技术局）", "教育局", "公安分局", "民政局",
        "司法局", "财政局", "人力资源和社会保障局", "自然资源分局", "生态环境分局", "住房和城乡建设局",
        "交通运输局", "农业农村局", "水务局", "商务局", "文化广电和旅游局", "卫生健康局",
        "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "信访局",
        "营商环境建设监督局", "城市管理综合执法局", "投资促进局（招商）", "人民武装部",
        "产业园区管理委员会", "各街道办事处", "各乡镇人民政府",
    ]  # fmt: skip
    assert all(15 <= len(d.keywords) <= 40 for d in departments), [
        (d.name, len(d.keywords)) for d in departments if not 15 <= len(d.keywords) <= 40
    ]


@pytest.fixture
def doc() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


def _broken(doc: dict[str, Any], change: str) -> dict[str, Any]:
    bad = copy.deepcopy(doc)
    deps = bad["department"]
    if change == "duplicate name":
        deps[1]["name"] = deps[0]["name"]
    elif change == "empty keywords":
        deps[2]["keywords"] = []
    elif change == "unknown fallback":
        bad["fallback_lead"] = "不存在的办公室"
    elif change == "shared alias":
        deps[3]["aliases"] = [*deps[3]["aliases"], deps[4]["aliases"][0]]
    elif change == "shadow is a keyword":
        bad["shadow_words"] = [*bad["shadow_words"], deps[5]["keywords"][0]]
    elif change == "missing weight":
        del bad["scoring"]["support_ratio"]
    elif change == "ratio out of range":
        bad["scoring"]["support_ratio"] = 0
    elif change == "keyword not text":
        deps[6]["keywords"] = [*deps[6]["keywords"], 3]
    elif change == "no departments":
        del bad["department"]
    return bad


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("duplicate name", "more than once"),
        ("empty keywords", "keywords must not be empty"),
        ("unknown fallback", "fallback_lead"),
        ("shared alias", "names both"),
        ("shadow is a keyword", "shadow_words"),
        ("missing weight", "support_ratio"),
        ("ratio out of range", r"support_ratio must be in \(0, 1\]"),
        ("keyword not text", "non-empty strings"),
        ("no departments", "missing or empty"),
    ],
)
def test_bad_data_is_refused_with_a_clear_message(doc: dict[str, Any], change: str, message: str) -> None:
    with pytest.raises(DepartmentDataError, match=message):
        parse_seed(_broken(doc, change))


def test_shipped_data_file_is_valid(doc: dict[str, Any]) -> None:
    seed = parse_seed(doc)
    assert seed.fallback_lead == "区政府办公室"
    assert len(seed.departments) == 32


def test_loading_from_a_path(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(
        DATA.read_text(encoding="utf-8").replace('fallback_lead = "区政府办公室"', 'fallback_lead = "财政局"')
    )
    assert fallback_lead(good) == "财政局"
    assert seed_departments(good) == seed_departments()
    bad = tmp_path / "bad.toml"
    bad.write_text("[[department]]\nname = ", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.toml"):
        seed_departments(bad)
    with pytest.raises(DepartmentDataError, match="missing.toml"):
        load_seed(tmp_path / "missing.toml")
