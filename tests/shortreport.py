"""A short, complete government report written for the tests: title, four headed parts,
a signature and a date; every part says something concrete."""

XIANGZHOU = """\
示范市香洲区人民政府2023年法治政府建设年度报告
2023年，我区坚持以习近平法治思想为指导，扎实推进法治政府建设，规范行政执法行为。
一、2023年推进法治政府建设的主要举措和成效
（一）健全依法决策机制。全年审查重大行政决策12件，办理行政复议案件64件，纠错9件。
（二）严格规范公正文明执法。开展行政执法案卷评查，发现问题23个，均已整改。
二、存在的不足和原因
一是基层执法力量薄弱。究其原因，主要是编制不足。
三、党政主要负责人履行推进法治建设第一责任人职责情况
区政府主要负责人召开专题会议4次，研究解决法治政府建设重大问题。
四、2024年推进法治政府建设的主要安排
一是充实基层执法力量。二是加强行政复议调解工作。
示范市香洲区人民政府
2024年3月20日
"""
XIANGZHOU_FACTS = (2023, "government", "示范市香洲区人民政府")  # year, level, issuer
