<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Cannot continue</source>
        <extracomment>set by benchmarks: quit as soon as the main window has shown its first screen&apos;s data with QUIT_WHEN_SHOWN, also print which top-level packages were loaded when the data showed (``loaded a,b,…``: tests check that printing, Excel, HTTP and Alembic stayed out of the start)</extracomment>
        <translation>无法继续</translation>
    </message>
    <message>
        <source>A file could not be read or written: %1. Check that the disk has free space and that the file is not open in another program.</source>
        <translation>无法读写文件：%1。请检查磁盘是否还有空间，以及该文件是否正被其他程序打开。</translation>
    </message>
    <message>
        <source>File problem</source>
        <translation>文件问题</translation>
    </message>
    <message>
        <source>Database damaged</source>
        <extracomment>the main window is shown and its first screen is loading start-up failed for good (the app should quit) the clock for backup names and the daily backup (tests pin it) the frame shown while the database opens (run_gui); retired when something replaces it</extracomment>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>%1

Restore the newest backup now? The damaged file is kept beside it.</source>
        <translation>%1

现在恢复最近的备份吗？损坏的文件会另存一份，不会删除。</translation>
    </message>
    <message>
        <source>Cannot open the data</source>
        <translation>无法打开数据</translation>
    </message>
    <message>
        <source>Checking the database…</source>
        <translation>正在检查数据库…</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Database checked: no problems found.</source>
        <translation>数据库检查完成，未发现问题。</translation>
    </message>
    <message>
        <source>The database is damaged: restore a backup (File → Restore…).</source>
        <translation>数据库文件已损坏：请用“文件 → 恢复…”恢复最近的备份。</translation>
    </message>
    <message>
        <source>%1

Stop entering data and restore a backup (File → Restore…); the damaged file is kept.</source>
        <translation>%1

请先停止录入，用“文件 → 恢复…”恢复最近的备份；损坏的文件会保留。</translation>
    </message>
    <message>
        <source>Community Property Workbench</source>
        <translation>社区物业工作台</translation>
    </message>
    <message>
        <source>The backup has been restored; the current data before it was backed up.</source>
        <translation>已恢复备份；恢复前的数据已另行备份。</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Backup and restore</source>
        <extracomment>table columns: time, reason, then one per counted register</extracomment>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Backups are kept in %1. The program backs up automatically at the first start of each day and before every import and restore, and keeps one automatic backup per day for the last %2 days and one per week for %3 weeks before that. Manual backups are never deleted automatically.</source>
        <translation>备份保存在 %1。每天第一次打开程序时、每次导入和恢复之前，程序都会自动备份；自动备份保留最近%2天每天一份，再往前%3周每周一份。手动备份不会被自动删除。</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Estates</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Building leads</source>
        <translation>楼长</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Back up to a folder…</source>
        <translation>备份到文件夹…</translation>
    </message>
    <message>
        <source>Restore selected backup…</source>
        <translation>恢复所选备份…</translation>
    </message>
    <message>
        <source>Restore from another file…</source>
        <translation>从其他文件恢复…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <extracomment>what the last action did, shown above the count once the list is reloaded</extracomment>
        <translation>正在读取备份…</translation>
    </message>
    <message>
        <source>%1 backups.</source>
        <translation>共%1份备份。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>未成功：%1</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>Choose a folder for the backup</source>
        <translation>选择备份保存的文件夹</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <source>Choose a backup file</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <source>Backups (*.sqlite3);;All files (*)</source>
        <translation>备份文件 (*.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace all current data by the backup of %1?

The current data is backed up first (恢复前), so this can be undone by restoring that backup.</source>
        <translation>用 %1 的备份替换当前的全部数据吗？

当前数据会先备份（恢复前），之后可以恢复那份备份来撤销。</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>正在恢复</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>已恢复。</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <source>Company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评审得分</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
</context>
<context>
    <name>CompanyTools</name>
    <message>
        <source>Red and black list: all</source>
        <translation>红黑名单：全部</translation>
    </message>
    <message>
        <source>All credit grades</source>
        <translation>信用等级：全部</translation>
    </message>
    <message>
        <source>Grade to correct</source>
        <translation>等级待改正</translation>
    </message>
    <message>
        <source>Chosen from the county&apos;s grades; with a credit score the grade is the one the score earns: %1</source>
        <translation>从县定等级中选择；填写信用分后，等级按分数自动确定：%1</translation>
    </message>
    <message>
        <source>%1

Assign this black-listed company anyway? The estate will be flagged.</source>
        <translation>%1

仍要把这家黑名单企业设为本小区的物业企业吗？小区将标注“黑名单企业”。</translation>
    </message>
    <message>
        <source>Black-listed company</source>
        <translation>黑名单企业</translation>
    </message>
</context>
<context>
    <name>ComplaintListModel</name>
    <message>
        <source>Status</source>
        <extracomment>columns shown red when the complaint is overdue</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Overdue %1 days</source>
        <translation>逾期%1天</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <source>Not responded</source>
        <translation>未响应</translation>
    </message>
    <message>
        <source>Not satisfied</source>
        <translation>不满意</translation>
    </message>
</context>
<context>
    <name>ComplaintsScreen</name>
    <message>
        <source>Open</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>All companies</source>
        <translation>全部物业企业</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>Search text or work order…</source>
        <translation>查找内容或工单号…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到Excel…</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>办理</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>&amp;Source</source>
        <translation>来源(&amp;S)</translation>
    </message>
    <message>
        <source>12345 work order number, as given</source>
        <translation>12345工单号，按原样填写</translation>
    </message>
    <message>
        <source>&amp;Work order</source>
        <translation>工单号(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Estate</source>
        <translation>小区(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Building</source>
        <translation>楼栋(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>What the resident reports (Enter records it)</source>
        <translation>居民反映的问题（按回车登记）</translation>
    </message>
    <message>
        <source>&amp;Complaint</source>
        <translation>投诉内容(&amp;T)</translation>
    </message>
    <message>
        <source>The estate&apos;s company</source>
        <translation>小区的物业企业</translation>
    </message>
    <message>
        <source>Res&amp;ponsible</source>
        <translation>责任方(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Deadline</source>
        <translation>办理期限(&amp;D)</translation>
    </message>
    <message>
        <source>Record complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>交办</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Person or department (optional)</source>
        <translation>责任人或部门（可不填）</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <source>Response and closure</source>
        <translation>响应与办结</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>办理情况</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>Record response</source>
        <translation>记录已响应</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Not satisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Not rated</source>
        <translation>未评价</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>居民评价</translation>
    </message>
    <message>
        <source>Close complaint</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>(whole estate)</source>
        <translation>（整个小区）</translation>
    </message>
    <message>
        <source>%1 complaints · response rate %2 · closure rate %3 · satisfaction rate %4</source>
        <translation>投诉%1件 · 响应率%2 · 办结率%3 · 满意率%4</translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>显示%1件</translation>
    </message>
    <message>
        <source> · %1 overdue</source>
        <translation> · 逾期%1件</translation>
    </message>
    <message>
        <source>No complaint selected.</source>
        <translation>未选择投诉。</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>, work order %1</source>
        <translation>，工单号 %1</translation>
    </message>
    <message>
        <source>Received: %1</source>
        <translation>受理时间：%1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>责任方：%1</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>办理期限：%1</translation>
    </message>
    <message>
        <source>Overdue by %1 days</source>
        <translation>已逾期%1天</translation>
    </message>
    <message>
        <source>Responded: %1</source>
        <translation>响应时间：%1</translation>
    </message>
    <message>
        <source>Closed: %1</source>
        <translation>办结时间：%1</translation>
    </message>
    <message>
        <source>Resident: %1</source>
        <translation>居民评价：%1</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>办理结果：%1</translation>
    </message>
    <message>
        <source>Choose the estate first.</source>
        <translation>请先选择小区。</translation>
    </message>
    <message>
        <source>Recorded.</source>
        <translation>已登记。</translation>
    </message>
    <message>
        <source>Assigned.</source>
        <translation>已交办。</translation>
    </message>
    <message>
        <source>Response recorded.</source>
        <translation>已记录响应。</translation>
    </message>
    <message>
        <source>Closed.</source>
        <translation>已办结。</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>%1 complaints are past their deadline</source>
        <translation>%1件投诉已超过办理期限</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Resolve conflict</source>
        <translation>处理冲突</translation>
    </message>
    <message>
        <source>%1 “%2” was changed on another computer too. For each field, choose the value to keep; your choice becomes the new version for everyone.</source>
        <translation>%1“%2”在另一台电脑上也被修改了。请逐项选择要保留的值；您的选择将成为所有电脑上的新版本。</translation>
    </message>
    <message>
        <source>County server: %1</source>
        <translation>说明：%1</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>County server value</source>
        <translation>县服务器上的值</translation>
    </message>
    <message>
        <source>This computer&apos;s value</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <source>Keep chosen values</source>
        <translation>保留所选的值</translation>
    </message>
</context>
<context>
    <name>CountBadge</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Program error</source>
        <translation>程序错误</translation>
    </message>
    <message>
        <source>The program ran into an internal error. What you saved before is safe.
An error report was saved to:
{path}
Please send this file to the county&apos;s technical support.</source>
        <translation>程序遇到内部错误。之前已保存的内容不受影响。
错误报告已保存到：
{path}
请把这个文件发给县住建局技术支持。</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Estates by management mode</source>
        <translation>各管理模式小区数</translation>
    </message>
    <message>
        <source>Professional-service coverage (no target set)</source>
        <translation>专业化物业覆盖率（社区未设定目标）</translation>
    </message>
    <message>
        <source>Professional-service coverage (target %1%)</source>
        <translation>专业化物业覆盖率（目标%1%）</translation>
    </message>
    <message>
        <source>Estates</source>
        <translation>按小区</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>按户数</translation>
    </message>
    <message>
        <source>Coverage %</source>
        <translation>覆盖率（%）</translation>
    </message>
    <message>
        <source>Target %</source>
        <translation>目标（%）</translation>
    </message>
    <message>
        <source>Inspection scores by month</source>
        <translation>各小区月度检查得分</translation>
    </message>
    <message>
        <source>Open rectification items by company</source>
        <translation>各物业企业待整改事项</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Within deadline</source>
        <translation>未逾期</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Resident satisfaction (latest survey)</source>
        <translation>居民满意度（最近一次调查）</translation>
    </message>
    <message>
        <source>below 60%</source>
        <translation>低于60%</translation>
    </message>
    <message>
        <source>60–85%</source>
        <translation>60%～85%</translation>
    </message>
    <message>
        <source>85% and above</source>
        <translation>85%及以上</translation>
    </message>
</context>
<context>
    <name>DashboardPanel</name>
    <message>
        <source>Supervision dashboard</source>
        <translation>监管看板</translation>
    </message>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>All companies</source>
        <translation>全部物业企业</translation>
    </message>
    <message>
        <source>from any date</source>
        <translation>起始日期不限</translation>
    </message>
    <message>
        <source>to any date</source>
        <translation>截止日期不限</translation>
    </message>
    <message>
        <source>%1 inspections, average score %2, %3% passed · %4 rectification items open, %5 overdue, %6 escalated</source>
        <translation>检查%1次，平均得分%2，合格率%3% · 待整改%4项，逾期%5项，已上报%6项</translation>
    </message>
</context>
<context>
    <name>DocumentsScreen</name>
    <message>
        <source>Notice to residents (one page per building)</source>
        <extracomment>pages the last print sent; the progress bar&apos;s unit (buildings, or pages when printing) a notice to prefill once the choices are loaded (template, estate, values)</extracomment>
        <translation>通知公告（每栋楼一页）</translation>
    </message>
    <message>
        <source>Rectification notice</source>
        <translation>整改通知单</translation>
    </message>
    <message>
        <source>Inspection report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <source>Property service contract</source>
        <translation>物业服务合同</translation>
    </message>
    <message>
        <source>Decoration management agreement</source>
        <translation>装饰装修管理服务协议</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书种类</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>Estates</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Buildings (when one estate is ticked)</source>
        <translation>楼栋（只勾选一个小区时可选）</translation>
    </message>
    <message>
        <source>Leave a missing building lead blank to fill by hand</source>
        <translation>未登记楼长的楼栋留空，打印后手填</translation>
    </message>
    <message>
        <source>Save one PDF per building</source>
        <translation>另存时每栋楼单独一个PDF</translation>
    </message>
    <message>
        <source>Filter by estate name</source>
        <translation>按小区名称筛选</translation>
    </message>
    <message>
        <source>Finalised inspection</source>
        <translation>已定稿的检查</translation>
    </message>
    <message>
        <source>Three copies (stub, company, filing)</source>
        <translation>一式三联（存根联、企业联、备案联）</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Fill in</source>
        <translation>填写内容</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为PDF…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 (%2 buildings)</source>
        <translation>%1（%2栋）</translation>
    </message>
    <message>
        <source>(no lead registered)</source>
        <translation>（未登记楼长）</translation>
    </message>
    <message>
        <source>e.g. 2026-12-01</source>
        <translation>例如 2026-12-01</translation>
    </message>
    <message>
        <source>Tick at least one estate.</source>
        <translation>请至少勾选一个小区。</translation>
    </message>
    <message>
        <source>Tick at least one building.</source>
        <translation>请至少勾选一栋楼。</translation>
    </message>
    <message>
        <source>Choose a finalised inspection.</source>
        <translation>请选择一次已定稿的检查。</translation>
    </message>
    <message>
        <source>Choose an estate.</source>
        <translation>请选择小区。</translation>
    </message>
    <message>
        <source>Issuing office…</source>
        <translation>发文单位信息…</translation>
    </message>
    <message>
        <source>The office&apos;s address, phone and contact person printed on notices</source>
        <translation>通知上打印的发文单位地址、电话和联系人</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>%v of %m pages</source>
        <translation>第%v页，共%m页</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>已取消打印。</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>整改依据</translation>
    </message>
    <message>
        <source>Leave empty to cite the basis the inspection template names.</source>
        <translation>不填则引用检查模板规定的依据。</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共%n页</numerusform>
        </translation>
    </message>
    <message>
        <source>notice number %1</source>
        <translation>通知单编号%1</translation>
    </message>
    <message>
        <source> (number kept from the first print)</source>
        <translation>（沿用首次打印时的编号）</translation>
    </message>
    <message>
        <source>Choose a folder for the PDFs</source>
        <translation>选择保存PDF的文件夹</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1 page(s) to %2</source>
        <translation>已保存%1页：%2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Printing failed: %1. Check that the printer is on and try again.</source>
        <translation>打印失败：%1。请检查打印机是否开机、联机，然后重试。</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>已发送%n页到打印机。</numerusform>
        </translation>
    </message>
    <message>
        <source>%v of %m buildings</source>
        <translation>%v / %m 栋</translation>
    </message>
    <message>
        <source>Cancelled; nothing was saved.</source>
        <translation>已取消，没有保存任何文件。</translation>
    </message>
    <message>
        <source>The file could not be written: %1. Close it in other programs and check that the folder is writable.</source>
        <translation>无法写入文件：%1。请在其他程序中关闭该文件，并确认文件夹可写。</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Notices, rectification notices, contracts, reports</source>
        <translation>通知公告、整改通知单、合同、检查报告</translation>
    </message>
</context>
<context>
    <name>DueModel</name>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>检查类型</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>应完成日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Earlier periods</source>
        <translation>以前各期</translation>
    </message>
    <message>
        <source>Last inspected</source>
        <translation>上次检查</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>The county has fixed this address for its installations.</source>
        <translation>县里已为本县安装的程序固定了服务器地址，不能修改。</translation>
    </message>
    <message>
        <source>Enrol this computer</source>
        <translation>注册本机</translation>
    </message>
    <message>
        <source>Enter the county server address and the one-time enrolment code issued by the county. The code can be used only once.</source>
        <translation>请填写县服务器地址和县里发放的一次性注册码。注册码只能使用一次。</translation>
    </message>
    <message>
        <source>e.g. office PC 1</source>
        <translation>例如：办公室1号电脑</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <source>County:</source>
        <translation>所属区县：</translation>
    </message>
    <message>
        <source>Enrolment code:</source>
        <translation>注册码：</translation>
    </message>
    <message>
        <source>Computer name:</source>
        <translation>本机名称：</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Fill in the server address and the enrolment code.</source>
        <translation>请填写服务器地址和注册码。</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <source>Enrolment failed: %1</source>
        <translation>注册失败：%1</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <source>Save import template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到Excel</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Phone numbers</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <source>The county&apos;s personal-data rule masks the middle digits of phone numbers in exports (138****1234). Export the full numbers instead? Keep such a file safe and do not pass it on.</source>
        <translation>按县里的个人信息保护规则，导出的表格中电话号码会隐藏中间几位（如 138****1234）。要改为导出完整号码吗？完整号码的文件请妥善保管，不要外传。</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Template saved to %1.</source>
        <translation>模板已保存到 %1。</translation>
    </message>
    <message>
        <source>%1 rows exported to %2.</source>
        <translation>已导出%1行到 %2。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cannot save the file</source>
        <translation>无法保存文件</translation>
    </message>
    <message>
        <source>The file could not be written: %1. If it is open in Excel, close it; otherwise choose another folder.</source>
        <translation>无法写入文件：%1。如果该文件正在Excel中打开，请先关闭；否则请换一个文件夹。</translation>
    </message>
</context>
<context>
    <name>FinaliseDialog</name>
    <message>
        <source>Required action</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <source>Finalise inspection</source>
        <translation>检查定稿</translation>
    </message>
    <message>
        <source>No applicable items</source>
        <translation>无适用项</translation>
    </message>
    <message>
        <source>FAILED (critical item failed)</source>
        <translation>不合格（否决项不合格）</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Score %1 (%2 of %3 points, %4 items not applicable): %5</source>
        <translation>得分%1（适用分值%3分，得%2分；不适用%4项）：%5</translation>
    </message>
    <message>
        <source>This revision withdraws %1 rectification items that are no longer failed.</source>
        <translation>本修订版将撤销%1项不再属于不合格的整改事项。</translation>
    </message>
    <message>
        <source>A finalised inspection cannot be changed; corrections become a new revision.</source>
        <translation>定稿后不能再修改；如需更正，请新建修订版。</translation>
    </message>
    <message>
        <source>Finalise</source>
        <translation>定稿</translation>
    </message>
    <message>
        <source>Rectification items this will open: %1</source>
        <translation>定稿后将开出整改事项%1项</translation>
    </message>
    <message>
        <source>No item failed: no rectification item will be opened.</source>
        <translation>没有不合格项，不开出整改事项。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>否决项</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Outcome for the %1 open items</source>
        <translation>%1项待整改事项的复查结论</translation>
    </message>
    <message>
        <source>New deadline</source>
        <translation>新期限</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Failed again: escalated to the county</source>
        <translation>再次不合格：上报县级部门</translation>
    </message>
    <message>
        <source>Failed again: new deadline</source>
        <translation>再次不合格：重新限期整改</translation>
    </message>
    <message>
        <source>Rectified: closed</source>
        <translation>已整改：销项</translation>
    </message>
    <message>
        <source>Not applicable: stays open</source>
        <translation>不适用：仍待整改</translation>
    </message>
</context>
<context>
    <name>FundListModel</name>
    <message>
        <source>Applied</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Estimate (yuan)</source>
        <translation>预算（元）</translation>
    </message>
    <message>
        <source>Final (yuan)</source>
        <translation>决算（元）</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
</context>
<context>
    <name>FundScreen</name>
    <message>
        <source>Import maintenance fund applications</source>
        <translation>导入维修资金申请</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>%1 new applications imported; %2 already here left unchanged.</source>
        <translation>已导入%1份新申请；%2份已有的申请未改动。</translation>
    </message>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到Excel…</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>新申请</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>办理</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>&amp;Path</source>
        <translation>使用方式(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Estate</source>
        <translation>小区(&amp;E)</translation>
    </message>
    <message>
        <source>Building (tick)</source>
        <translation>楼栋（勾选）</translation>
    </message>
    <message>
        <source>Area ㎡</source>
        <translation>专有部分面积㎡</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>业主户数</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>What is repaired and why</source>
        <translation>维修什么、为什么</translation>
    </message>
    <message>
        <source>Repair &amp;item</source>
        <translation>维修项目(&amp;I)</translation>
    </message>
    <message>
        <source>Owners&apos; committee, company or sub-district</source>
        <translation>业委会、物业企业或街道</translation>
    </message>
    <message>
        <source>&amp;Applicant</source>
        <translation>申请人(&amp;A)</translation>
    </message>
    <message>
        <source>C&amp;ontractor</source>
        <translation>施工单位(&amp;O)</translation>
    </message>
    <message>
        <source>Yuan, e.g. 86000.00</source>
        <translation>元，如 86000.00</translation>
    </message>
    <message>
        <source>Es&amp;timate</source>
        <translation>预算金额(&amp;T)</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Record application</source>
        <translation>登记申请</translation>
    </message>
    <message>
        <source>Who confirms</source>
        <translation>谁确认</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Opinion (optional)</source>
        <translation>意见（可不填）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Owners&apos; vote (ordinary use)</source>
        <translation>业主表决（一般使用）</translation>
    </message>
    <message>
        <source>㎡ of those who voted</source>
        <translation>参与表决业主的面积㎡</translation>
    </message>
    <message>
        <source>㎡ of those who agreed</source>
        <translation>同意业主的面积㎡</translation>
    </message>
    <message>
        <source>Voted: area</source>
        <translation>参与表决面积</translation>
    </message>
    <message>
        <source>Voted: owners</source>
        <translation>参与表决人数</translation>
    </message>
    <message>
        <source>Agreed: area</source>
        <translation>同意面积</translation>
    </message>
    <message>
        <source>Agreed: owners</source>
        <translation>同意人数</translation>
    </message>
    <message>
        <source>Record vote</source>
        <translation>录入表决结果</translation>
    </message>
    <message>
        <source>Acceptance and final cost</source>
        <translation>竣工验收与决算</translation>
    </message>
    <message>
        <source>Add acceptance photos…</source>
        <translation>添加验收照片…</translation>
    </message>
    <message>
        <source>Yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Final cost</source>
        <translation>决算金额</translation>
    </message>
    <message>
        <source>Settle</source>
        <translation>决算</translation>
    </message>
    <message>
        <source>Application form</source>
        <translation>申请表</translation>
    </message>
    <message>
        <source>Vote tally sheet</source>
        <translation>表决统计表</translation>
    </message>
    <message>
        <source>Publication</source>
        <translation>公示</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存PDF…</translation>
    </message>
    <message>
        <source>%1 applications</source>
        <translation>共%1份申请</translation>
    </message>
    <message>
        <source>Advance to: %1</source>
        <translation>推进到：%1</translation>
    </message>
    <message>
        <source>Advance</source>
        <translation>推进</translation>
    </message>
    <message>
        <source>No application selected.</source>
        <translation>未选择申请。</translation>
    </message>
    <message>
        <source>Vote: %1 (participation %2 / %3, approval %4 / %5)</source>
        <translation>表决：%1（参与 面积%2 / 人数%3，同意 面积%4 / 人数%5）</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>not passed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>%1 acceptance photos</source>
        <translation>验收照片%1张</translation>
    </message>
    <message>
        <source>Enter the number of owners of %1.</source>
        <translation>请填写%1的业主户数。</translation>
    </message>
    <message>
        <source>Recorded.</source>
        <translation>已登记。</translation>
    </message>
    <message>
        <source>Advanced.</source>
        <translation>已推进。</translation>
    </message>
    <message>
        <source>Vote recorded.</source>
        <translation>已录入表决结果。</translation>
    </message>
    <message>
        <source>Acceptance photos</source>
        <translation>验收照片</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Photos added.</source>
        <translation>已添加照片。</translation>
    </message>
    <message>
        <source>Settled: the final cost is apportioned by area.</source>
        <translation>已决算，决算金额已按面积分摊。</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存PDF</translation>
    </message>
    <message>
        <source>Maintenance fund</source>
        <translation>维修资金</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Change history</source>
        <extracomment>a version was restored: the record&apos;s id (the register refreshes its form)</extracomment>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Fields changed</source>
        <translation>改动的字段</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>恢复为此版本</translation>
    </message>
    <message>
        <source>Makes the record as it was right after the selected change. This is saved as a new change, synced like any edit, and can itself be undone.</source>
        <translation>把这条记录恢复成所选修改之后的样子。恢复会作为一次新的修改保存，像其他修改一样同步，也可以再撤销。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>%1 “%2”: %n change(s)</source>
        <translation>
            <numerusform>%1“%2”：共%n条修改记录</numerusform>
        </translation>
    </message>
    <message>
        <source>No changes have been recorded for this record.</source>
        <translation>这条记录还没有修改记录。</translation>
    </message>
    <message>
        <source>This is the current version.</source>
        <translation>这是当前版本。</translation>
    </message>
    <message>
        <source>Deleted records are brought back from the Recycle bin.</source>
        <translation>已删除的记录请在“回收站”中恢复。</translation>
    </message>
    <message>
        <source>Make this record as it was after the change of %1 by %2? The current values stay in the history.</source>
        <translation>把这条记录恢复成%2在%1修改之后的样子吗？当前的内容会保留在修改记录中。</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>正在恢复</translation>
    </message>
    <message>
        <source>The earlier version was restored.</source>
        <translation>已恢复为以前的版本。</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>all registers</source>
        <translation>全部台账</translation>
    </message>
    <message>
        <source>Import %1 from Excel</source>
        <translation>从Excel导入%1</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.et *.ods *.csv);;All files (*)</source>
        <translation>Excel、WPS表格或CSV文件 (*.xlsx *.xlsm *.xls *.et *.ods *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>A CSV file holds one register. Open the register&apos;s page (for example 楼栋) and import it there.</source>
        <translation>一个CSV文件只含一种台账。请先打开对应台账的页面（例如“楼栋”），再在那里导入。</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>已取消导入</translation>
    </message>
    <message>
        <source>The import was cancelled. Nothing was imported.</source>
        <translation>导入已取消，没有导入任何数据。</translation>
    </message>
    <message>
        <source>Cannot read the file</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <source>The file could not be read: %1. Close it in Excel or copy it to the desktop and try again.</source>
        <translation>无法读取文件：%1。请在Excel中关闭该文件，或把它复制到桌面后重试。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取%1…</translation>
    </message>
    <message>
        <source>Import cancelled. Nothing was imported.</source>
        <translation>已取消导入，没有导入任何数据。</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>没有导入任何数据</translation>
    </message>
    <message>
        <source>The registers changed after the preview was made (by sync or another edit), so nothing was written. Import the file again and check the new preview.</source>
        <translation>预览之后台账已有改动（可能是同步或另一处修改），为避免写入与预览不一致的内容，本次没有写入任何数据。请重新导入该文件，核对新的预览后再确认。</translation>
    </message>
</context>
<context>
    <name>InspectionForm</name>
    <message>
        <source>1  Passed</source>
        <extracomment>the points spin box shows this (its minimum) for &quot;no points entered: award by result&quot; back to the list an inspection was finalised (its id)</extracomment>
        <translation>1  合格</translation>
    </message>
    <message>
        <source>2  Failed</source>
        <translation>2  不合格</translation>
    </message>
    <message>
        <source>3  Not applicable</source>
        <translation>3  不适用</translation>
    </message>
    <message>
        <source>by result</source>
        <translation>按结果计分</translation>
    </message>
    <message>
        <source>What was found (N); Enter saves and goes on</source>
        <translation>发现的问题（N），回车保存并进入下一项</translation>
    </message>
    <message>
        <source>Points (P)</source>
        <translation>得分（P）</translation>
    </message>
    <message>
        <source>Note (N)</source>
        <translation>备注（N）</translation>
    </message>
    <message>
        <source>Photos (drop picture files here)</source>
        <translation>照片（可把图片文件拖到这里）</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Keys: 1 passed · 2 failed · 3 not applicable · P points · N note · Enter next item</source>
        <translation>快捷键：1 合格 · 2 不合格 · 3 不适用 · P 得分 · N 备注 · 回车 下一项</translation>
    </message>
    <message>
        <source>Rectification items</source>
        <translation>整改事项</translation>
    </message>
    <message>
        <source>Back to the list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <source>Correct (new revision)</source>
        <translation>更正（新建修订版）</translation>
    </message>
    <message>
        <source>Re-inspect open items</source>
        <translation>复查未整改项</translation>
    </message>
    <message>
        <source>Finalise…</source>
        <translation>定稿…</translation>
    </message>
    <message>
        <source>Re-inspection date</source>
        <translation>复查日期</translation>
    </message>
    <message>
        <source> building %1</source>
        <translation> %1</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source> · revision %1</source>
        <translation> · 第%1次修订</translation>
    </message>
    <message>
        <source> · re-inspection round %1</source>
        <translation> · 第%1轮复查</translation>
    </message>
    <message>
        <source>Inspectors: %1</source>
        <translation>检查人员：%1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Company: %1</source>
        <translation>物业企业：%1</translation>
    </message>
    <message>
        <source>Score %1 · %2 items left</source>
        <translation>得分%1 · 还有%2项未填</translation>
    </message>
    <message>
        <source>Score %1 · %2</source>
        <translation>得分%1 · %2</translation>
    </message>
    <message>
        <source>Rectification items: %1, %2 still open</source>
        <translation>整改事项%1项，其中%2项待整改</translation>
    </message>
    <message>
        <source> · critical item</source>
        <translation> · 否决项</translation>
    </message>
    <message>
        <source>Last item. Press Finalise when every item is answered.</source>
        <translation>已是最后一项。全部填完后请点“定稿”。</translation>
    </message>
    <message>
        <source>Attach photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Attaching %1 photos…</source>
        <translation>正在添加%1张照片…</translation>
    </message>
    <message>
        <source>Finalised.</source>
        <translation>已定稿。</translation>
    </message>
    <message>
        <source>%1 rectification items opened.</source>
        <translation>开出整改事项%1项。</translation>
    </message>
    <message>
        <source>%1 items rectified.</source>
        <translation>%1项已整改销项。</translation>
    </message>
    <message>
        <source>%1 items escalated to the county.</source>
        <translation>%1项已上报县级部门。</translation>
    </message>
    <message>
        <source>Delete this draft inspection? Its answers will be lost.</source>
        <translation>删除这份检查草稿？已填写的结果将丢失。</translation>
    </message>
</context>
<context>
    <name>InspectionListModel</name>
    <message>
        <source>Date</source>
        <extracomment>result colours: the form and the list read the same at a glance</extracomment>
        <translation>日期</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>修订</translation>
    </message>
    <message>
        <source>Re-inspection</source>
        <translation>复查</translation>
    </message>
    <message>
        <source>Round %1</source>
        <translation>第%1轮</translation>
    </message>
</context>
<context>
    <name>InspectionsScreen</name>
    <message>
        <source>Estate name…</source>
        <extracomment>a date edit at this date means &quot;no bound&quot; (shown as its special text)</extracomment>
        <translation>小区名称…</translation>
    </message>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Drafts and final</source>
        <translation>草稿和定稿</translation>
    </message>
    <message>
        <source>Passed and failed</source>
        <translation>合格和不合格</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>from any date</source>
        <translation>起始日期不限</translation>
    </message>
    <message>
        <source>to any date</source>
        <translation>截止日期不限</translation>
    </message>
    <message>
        <source>New inspection…</source>
        <translation>新建检查…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>%1 inspections</source>
        <translation>共%1次检查</translation>
    </message>
    <message>
        <source>Inspections</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>At least %1 inspections (counting…)</source>
        <translation>≥%1 条检查记录（正在计数…）</translation>
    </message>
    <message>
        <source>Inspections: checklists, scores, photos</source>
        <translation>检查：检查表、评分、照片</translation>
    </message>
</context>
<context>
    <name>ItemsModel</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>检查内容</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Awarded</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>未填</translation>
    </message>
    <message>
        <source>Critical item: failing it fails the whole inspection</source>
        <translation>否决项：不合格则整次检查不合格</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Community Property Workbench</source>
        <extracomment>a backup was restored: the reopened services (the app controller rebuilds the window)
----------
the main window stores its sidebar&apos;s titles here for the next start&apos;s frame</extracomment>
        <translation>社区物业工作台</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Import from Excel…</source>
        <translation>从Excel导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export to Excel…</source>
        <translation>导出到Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>Save import &amp;template…</source>
        <translation>保存导入模板(&amp;T)…</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Sync: not set up</source>
        <translation>同步：未设置</translation>
    </message>
    <message>
        <source>Community: %1 (%2)</source>
        <translation>社区：%1（%2）</translation>
    </message>
    <message>
        <source>Community Property Workbench — %1</source>
        <translation>社区物业工作台 — %1</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Community Property Workbench %1
Registers, inspections and notices for the property management of old residential estates.
Data folder: %2</source>
        <translation>社区物业工作台 %1
老旧小区物业管理的台账、检查与通知。
数据目录：%2</translation>
    </message>
    <message>
        <source>&amp;Back up…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>MappingTabs</name>
    <message>
        <source>Register</source>
        <translation>台账</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>读作</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Written in the file</source>
        <translation>文件中的写法</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Correct value</source>
        <translation>改为</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>值对应</translation>
    </message>
    <message>
        <source>Sheets</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>重复的行</translation>
    </message>
    <message>
        <source>Same as</source>
        <translation>与谁重复</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>不一致的字段</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Duplicates (%1 to choose)</source>
        <translation>重复（%1组待选择）</translation>
    </message>
    <message>
        <source>Merge into one row</source>
        <translation>合并为一行</translation>
    </message>
    <message>
        <source>Keep them apart</source>
        <translation>分别保留</translation>
    </message>
    <message>
        <source>Registered: %1</source>
        <translation>已登记：%1</translation>
    </message>
    <message>
        <source>Each other (in this file)</source>
        <translation>文件中的行互相重复</translation>
    </message>
    <message>
        <source>%1, one sheet per estate (estate = sheet name)</source>
        <translation>%1（每个小区一张表，所属小区＝工作表名）</translation>
    </message>
    <message>
        <source>Values (%1 to choose)</source>
        <translation>值对应（%1个待选择）</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation>（忽略）</translation>
    </message>
    <message>
        <source>Contract period (start to end in one cell)</source>
        <translation>合同期限（一格写起止日期）</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Type the correct value; the file itself is not changed.</source>
        <translation>输入正确的值后预览会重新计算；Excel文件本身不会被修改。</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <source>New inspection</source>
        <extracomment>what a due row asked for, applied once the choices have loaded</extracomment>
        <translation>新建检查</translation>
    </message>
    <message>
        <source>Community workers, separated by 、</source>
        <translation>社区工作者姓名，用“、”分隔</translation>
    </message>
    <message>
        <source>Name of the company&apos;s representative</source>
        <translation>物业企业代表姓名</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Building (optional)</source>
        <translation>楼栋（可不选）</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>检查人员</translation>
    </message>
    <message>
        <source>Building lead</source>
        <translation>参加的楼长</translation>
    </message>
    <message>
        <source>Property company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>Company representative</source>
        <translation>企业代表</translation>
    </message>
    <message>
        <source>%1 (%2, version %3)</source>
        <translation>%1（%2，第%3版）</translation>
    </message>
    <message>
        <source>(no property company)</source>
        <translation>（无物业企业）</translation>
    </message>
    <message>
        <source>Whole estate</source>
        <translation>整个小区</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Choose the estate to inspect.</source>
        <translation>请选择要检查的小区。</translation>
    </message>
    <message>
        <source>Choose a checklist.</source>
        <translation>请选择检查表。</translation>
    </message>
    <message>
        <source>Enter at least one inspector.</source>
        <translation>请至少填写一名检查人员。</translation>
    </message>
</context>
<context>
    <name>OfficeDialog</name>
    <message>
        <source>Issuing office</source>
        <translation>发文单位</translation>
    </message>
    <message>
        <source>e.g. 0431-85912345</source>
        <translation>如 0431-85912345</translation>
    </message>
    <message>
        <source>Office address</source>
        <translation>办公地址</translation>
    </message>
    <message>
        <source>Office phone</source>
        <translation>办公电话</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <source>Estates by management mode</source>
        <translation>按管理模式统计小区</translation>
    </message>
    <message>
        <source>Owners&apos; committee formation rate: estates with a registered owners&apos; committee or property management committee, over all estates.
Party organisation coverage: estates whose party branch (party organisation) is recorded, over all estates.</source>
        <translation>业委会组建率：已登记业主委员会或物业管理委员会的小区数 ÷ 小区总数。
党组织覆盖率：已登记党支部（党组织）的小区数 ÷ 小区总数。</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>%1 (code %2)</source>
        <translation>%1（区划代码 %2）</translation>
    </message>
    <message>
        <source>Complaints: %1 · response rate %2 · closure rate %3 · satisfaction rate %4 · %5 past deadline</source>
        <translation>投诉：%1件 · 响应率%2 · 办结率%3 · 满意率%4 · 超期未办结%5件</translation>
    </message>
    <message>
        <source>Professional property management coverage: %1%. Estates without any management: %2.</source>
        <translation>专业化物业覆盖率：%1%。无物业小区：%2个。</translation>
    </message>
    <message>
        <source>No estates registered yet. Open &apos;Estates&apos; to add one, or import a register from Excel.</source>
        <translation>还没有登记小区。请打开“小区”页面新建，或从Excel导入台账。</translation>
    </message>
    <message>
        <source>Owners&apos; committee formation rate: %1% (%2 of %3 estates). Party organisation coverage: %4% (%5 of %3 estates).</source>
        <translation>业委会组建率%1%（%2/%3个小区）；党组织覆盖率%4%（%5/%3个小区）。</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>%1 to-do items are overdue</source>
        <translation>%1项待办已过期</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message numerus="yes">
        <source>of %n page(s)</source>
        <translation>
            <numerusform>共%n页</numerusform>
        </translation>
    </message>
    <message>
        <source>no document</source>
        <translation>尚未预览</translation>
    </message>
    <message>
        <source>The document could not be read.</source>
        <extracomment>600 dpi is beyond what a laser printer resolves for text at these sizes. Pixels rendered per call. ``QPdfDocument.render`` holds the Python GIL (and QtPdf&apos;s pdfium lock) for the whole call, so a whole 600 dpi page (35 MP, about a second) would freeze the GUI thread that long; a page is rendered in small bands instead, and the GIL is handed back between them (a render of this size takes a few milliseconds even on a busy PC).</extracomment>
        <translation>无法读取要打印的文档。</translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation>无法打开打印机。</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Import preview</source>
        <translation>导入预览</translation>
    </message>
    <message>
        <source>Nothing has been written yet. Columns the file does not have are left unchanged. Check how the columns and values are read and the changes below, then confirm.</source>
        <translation>现在还没有写入任何数据。文件中没有的列不会改动。请核对下面各列、各值的读法和将要发生的变化，然后确认导入。</translation>
    </message>
    <message>
        <source>The columns and values are read as you chose last time for a file with these headers; change them under 列对应 / 值对应 if needed.</source>
        <translation>已按上次为同样表头的文件所选的对应读取各列和各值；如需调整，请在“列对应”“值对应”中修改。</translation>
    </message>
    <message>
        <source>Blank cells clear the stored value</source>
        <translation>空白单元格清空原有内容</translation>
    </message>
    <message>
        <source>Off (the default): a blank cell keeps what the register has.</source>
        <translation>不勾选（默认）：空白单元格保留台账中原有的内容。</translation>
    </message>
    <message>
        <source>I confirm: these estates are to be served by black-listed companies</source>
        <translation>我已核对：上述小区确由黑名单企业服务，仍要导入</translation>
    </message>
    <message>
        <source>I confirm: a cell with two names is two building leads of the same building</source>
        <translation>我确认：一格中写了两个姓名的，登记为同一楼栋的两位楼长</translation>
    </message>
    <message>
        <source>Record / field</source>
        <translation>记录 / 字段</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Stored now</source>
        <translation>原内容</translation>
    </message>
    <message>
        <source>After import</source>
        <translation>导入后</translation>
    </message>
    <message>
        <source>Confirm import</source>
        <translation>确认导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save problem list…</source>
        <translation>保存问题清单…</translation>
    </message>
    <message>
        <source>Recomputing the preview…</source>
        <translation>正在重新计算预览…</translation>
    </message>
    <message>
        <source>Correct the problems first (choose the values, fix the cells).</source>
        <translation>请先处理问题（选择待定的值、改正有错的单元格）。</translation>
    </message>
    <message>
        <source>Tick the confirmation about black-listed companies first.</source>
        <translation>请先勾选关于黑名单企业的确认。</translation>
    </message>
    <message>
        <source>Tick the confirmation about two names in one cell first.</source>
        <translation>请先勾选关于一格两个姓名的确认。</translation>
    </message>
    <message>
        <source>tick the confirmation below</source>
        <translation>勾选下方的确认</translation>
    </message>
    <message>
        <source>%1 new, %2 updated, %3 unchanged. (%4)</source>
        <translation>新增%1条，更新%2条，%3条没有变化。（%4）</translation>
    </message>
    <message>
        <source>%1 problems must be corrected before importing: choose the values asked, decide each duplicate group, change a column&apos;s field, or type the correct value next to a problem.</source>
        <translation>有%1处问题需要先处理才能导入：在“值对应”中选择待定的值、在“重复”中逐组选择合并或分别保留、在“列对应”中改变某列对应的字段，或在“问题”中直接输入正确的值。</translation>
    </message>
    <message>
        <source>Updated (%1)</source>
        <translation>更新（%1条）</translation>
    </message>
    <message>
        <source>New (%1)</source>
        <translation>新增（%1条）</translation>
    </message>
    <message>
        <source>Unchanged (%1)</source>
        <translation>没有变化（%1条）</translation>
    </message>
    <message>
        <source>The file matches the registers: nothing to import.</source>
        <translation>文件内容与台账一致，没有需要导入的修改。</translation>
    </message>
</context>
<context>
    <name>RatesModel</name>
    <message>
        <source>Complaints</source>
        <translation>投诉件数</translation>
    </message>
    <message>
        <source>Response rate</source>
        <translation>响应率</translation>
    </message>
    <message>
        <source>Within 24 h</source>
        <translation>24小时内响应</translation>
    </message>
    <message>
        <source>Share of complaints answered within 24 hours of receipt</source>
        <translation>受理后24小时内响应的投诉所占比例</translation>
    </message>
    <message>
        <source>Closure rate</source>
        <translation>办结率</translation>
    </message>
    <message>
        <source>Satisfaction rate</source>
        <translation>满意率</translation>
    </message>
    <message>
        <source>Satisfied residents among the closed complaints they rated</source>
        <translation>已办结并评价的投诉中居民满意的比例</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
</context>
<context>
    <name>RatesPair</name>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>By estate</source>
        <translation>按小区</translation>
    </message>
    <message>
        <source>By company</source>
        <translation>按物业企业</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Not set</source>
        <extracomment>the user changed something (or the form was reset: False) any editor changed (for debounced live validation) a reference field&apos;s text changed: (field name, new text) the values as shown when the record was loaded: an edit saves only what differs fields shown read-only (the county&apos;s), with the tooltips they had before</extracomment>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Published by the county housing authority: it cannot be changed here. Contact the county if it is wrong.</source>
        <translation>由县住建部门统一发布，本机不能修改；如有错误请联系县住建部门。</translation>
    </message>
    <message>
        <source>%1 (not in the list: please correct)</source>
        <translation>%1（不在县定等级中，请改正）</translation>
    </message>
    <message>
        <source>Filled in by the registers; not edited here</source>
        <translation>由台账自动填写，不在此处修改</translation>
    </message>
</context>
<context>
    <name>RectificationModel</name>
    <message>
        <source>Status</source>
        <extracomment>columns shown red when the item is overdue</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Failed re-inspections</source>
        <translation>复查不合格次数</translation>
    </message>
    <message>
        <source>Escalated on</source>
        <translation>上报日期</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>通知单编号</translation>
    </message>
</context>
<context>
    <name>RectificationsScreen</name>
    <message>
        <source>Open items</source>
        <translation>待整改</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Rectified</source>
        <translation>已整改</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>All companies</source>
        <translation>全部物业企业</translation>
    </message>
    <message>
        <source>Overdue first</source>
        <translation>逾期优先</translation>
    </message>
    <message>
        <source>Group by estate</source>
        <translation>按小区分组</translation>
    </message>
    <message>
        <source>Group by company</source>
        <translation>按物业企业分组</translation>
    </message>
    <message>
        <source>Change deadline</source>
        <translation>修改期限</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Rectified on</source>
        <translation>整改完成日期</translation>
    </message>
    <message>
        <source>How it was confirmed (photo, visit…)</source>
        <translation>如何确认（照片、现场查看…）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Mark rectified</source>
        <translation>标记为已整改</translation>
    </message>
    <message>
        <source>%1 open · %2 overdue · %3 escalated</source>
        <translation>待整改%1项 · 逾期%2项 · 已上报%3项</translation>
    </message>
    <message>
        <source>Rectification items</source>
        <translation>整改事项</translation>
    </message>
    <message>
        <source>No rectification item selected.</source>
        <translation>未选择整改事项。</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Company: %1</source>
        <translation>物业企业：%1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Found on %1, deadline %2</source>
        <translation>发现于%1，整改期限%2</translation>
    </message>
    <message>
        <source>Failed re-inspections: %1</source>
        <translation>复查不合格次数：%1</translation>
    </message>
    <message>
        <source>Escalated to the county on %1</source>
        <translation>%1已上报县级部门</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 rectification items are overdue</source>
        <translation>%1项整改已逾期</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>整改</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>Not synced</source>
        <extracomment>a register must reload when one of these changes (names of references are shown) the name of the sync state column</extracomment>
        <translation>未同步</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>有冲突</translation>
    </message>
    <message>
        <source>Yes</source>
        <extracomment>the row states storage writes (``sync_state``; the domain has no enum for them yet)</extracomment>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source> (required)</source>
        <translation>（必填）</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <source>Search names, numbers, phones…</source>
        <extracomment>registers whose rows belong to an estate (filterable by estate and management mode) registers whose form picks a building of the estate typed a record was loaded into the form: (values or None for a new one, id or None) a record was saved: its id</extracomment>
        <translation>搜索名称、编号、电话…</translation>
    </message>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>All management modes</source>
        <translation>全部管理模式</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>共%n条</numerusform>
        </translation>
    </message>
    <message>
        <source>At least %1 records (counting…)</source>
        <translation>≥%1 条记录（正在计数…）</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The record you are editing has unsaved changes. Save them?</source>
        <translation>正在编辑的记录有未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑%1</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Delete this %1 record “%2”? It leaves the register and goes to the Recycle bin, where it can be restored.</source>
        <translation>删除这条%1记录“%2”吗？删除后台账中不再显示，记录会放入“回收站”，可以从那里恢复。</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <source>Open existing record</source>
        <extracomment>shown when 新建 was refused because the record exists: opens that record</extracomment>
        <translation>打开已有记录</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>修改记录…</translation>
    </message>
    <message>
        <source>Who changed this record, when, and what; restore an earlier version</source>
        <translation>查看谁在何时改了这条记录的哪些内容；可以恢复到以前的版本</translation>
    </message>
</context>
<context>
    <name>RegisterScreens</name>
    <message>
        <source>Select an estate to see its buildings, building leads, property company and owners&apos; committee.</source>
        <translation>选择一个小区，查看它的楼栋、楼长、物业企业和业委会。</translation>
    </message>
    <message>
        <source>⚠ Black-listed company: %1 is on the county&apos;s black list and may not bid for new estates; it was assigned to this estate with a confirmation.</source>
        <translation>⚠ 黑名单企业：物业企业“%1”在县黑名单中，不得承接新项目；本小区是经确认后指定由其服务的。</translation>
    </message>
    <message>
        <source>Members (select a committee above)</source>
        <translation>成员（请先在上方选择业委会）</translation>
    </message>
    <message>
        <source>Party-member ratio: members who are CPC members (incl. probationary) over all registered members; the target is at least 50%. Term: ended, or ending within 30 days.</source>
        <translation>党员比例：政治面貌为中共党员（含预备党员）的成员数 ÷ 登记的全部成员数，目标不低于50%。任期：已届满，或30天内届满。</translation>
    </message>
    <message>
        <source>Party-member ratio: %1</source>
        <translation>党员比例：%1</translation>
    </message>
    <message>
        <source>Term: %1</source>
        <translation>任期：%1</translation>
    </message>
    <message>
        <source>Members of the committee of %1</source>
        <translation>%1业委会成员</translation>
    </message>
    <message>
        <source>Units (select a building above)</source>
        <extracomment>the part below the register: subclasses may put a line above the child&apos;s title</extracomment>
        <translation>单元（请先在上方选择楼栋）</translation>
    </message>
    <message>
        <source>Units of %1, %2</source>
        <translation>%1%2的单元</translation>
    </message>
    <message>
        <source>Estates</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Building leads</source>
        <translation>楼长</translation>
    </message>
    <message>
        <source>Property companies</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>Owners&apos; committees</source>
        <translation>业委会</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Import succeeded</source>
        <translation>导入成功</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>没有导入任何数据</translation>
    </message>
    <message>
        <source>The file was imported.</source>
        <translation>文件已导入。</translation>
    </message>
    <message>
        <source>The file has problems. To keep the registers complete, nothing was imported. Correct the cells listed below in Excel and import again.</source>
        <translation>文件中有错误。为保证台账完整，本次没有导入任何数据。请在Excel中改正下列单元格后重新导入。</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>The report could not be saved: %1. Choose another folder.</source>
        <translation>无法保存报告：%1。请换一个文件夹。</translation>
    </message>
</context>
<context>
    <name>RetryDialog</name>
    <message>
        <source>Correct and send again</source>
        <translation>修改后重新提交</translation>
    </message>
    <message>
        <source>The county server refused this change: %1</source>
        <translation>县服务器拒收了这条修改：%1</translation>
    </message>
    <message>
        <source>Correct the values below, then send the change again.</source>
        <translation>请修改下面的内容，然后重新提交。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <source>A number field contains text that is not a number.</source>
        <translation>数字栏中填写的不是数字。</translation>
    </message>
</context>
<context>
    <name>RevenueScreen</name>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Print notice…</source>
        <translation>打印公示…</translation>
    </message>
    <message>
        <source>Posting record</source>
        <translation>张贴记录</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>收支记录</translation>
    </message>
    <message>
        <source>yuan, e.g. 12000.00</source>
        <translation>单位元，如 12000.00</translation>
    </message>
    <message>
        <source>Invoice, contract or receipt number</source>
        <translation>发票号、合同号或收据号</translation>
    </message>
    <message>
        <source>Attach voucher photo…</source>
        <translation>附凭证照片…</translation>
    </message>
    <message>
        <source>Income/expense</source>
        <translation>收支</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Counterparty</source>
        <translation>对方单位</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>凭证</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Record posting</source>
        <translation>记录张贴</translation>
    </message>
    <message>
        <source>Who posted it (default: you)</source>
        <translation>张贴人（默认为本人）</translation>
    </message>
    <message>
        <source>Photo of the posted notice…</source>
        <translation>张贴现场照片…</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Posted at</source>
        <translation>张贴时间</translation>
    </message>
    <message>
        <source>Posted by</source>
        <translation>张贴人</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Import ledger from Excel…</source>
        <translation>从Excel导入台账…</translation>
    </message>
    <message>
        <source>Voucher photo</source>
        <translation>凭证照片</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Photo of the posted notice</source>
        <translation>张贴现场照片</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1: opening balance %2 yuan · income %3 yuan · expenditure %4 yuan · closing balance %5 yuan</source>
        <translation>%1：期初结余 %2 元 · 收入 %3 元 · 支出 %4 元 · 期末结余 %5 元</translation>
    </message>
    <message>
        <source>Income: %1; expenditure: %2</source>
        <translation>收入：%1；支出：%2</translation>
    </message>
    <message>
        <source>Register an estate first.</source>
        <translation>请先登记小区。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>Tick the buildings where the notice was posted.</source>
        <translation>请勾选张贴了公示的楼栋。</translation>
    </message>
    <message>
        <source>Posting recorded.</source>
        <translation>已记录张贴。</translation>
    </message>
    <message>
        <source>Save the notice as</source>
        <translation>公示保存为</translation>
    </message>
    <message>
        <source>Printed %1 pages to %2</source>
        <translation>已生成%1页：%2</translation>
    </message>
    <message>
        <source>Public revenue ledger</source>
        <translation>公共收益台账</translation>
    </message>
    <message>
        <source>Import ledger from Excel</source>
        <translation>从Excel导入台账</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx *.xls *.csv)</source>
        <translation>Excel文件 (*.xlsx *.xls *.csv)</translation>
    </message>
    <message>
        <source>%1 entries imported, %2 already booked.</source>
        <translation>已导入%1条收支记录，%2条已登记过未重复导入。</translation>
    </message>
    <message>
        <source>Public revenue</source>
        <translation>公共收益</translation>
    </message>
</context>
<context>
    <name>SchedulesScreen</name>
    <message>
        <source>Inspections due</source>
        <translation>到期检查</translation>
    </message>
    <message>
        <source>Only what is not done this period</source>
        <translation>只看本期未检查的</translation>
    </message>
    <message>
        <source>Double-click a row to start its inspection.</source>
        <translation>双击一行即开始该项检查。</translation>
    </message>
    <message>
        <source>Make schedules by the rules</source>
        <translation>按规则生成检查计划</translation>
    </message>
    <message>
        <source>Give every estate the schedules its management mode calls for; running it again changes nothing.</source>
        <translation>按管理模式为每个小区补齐、替换检查计划；重复执行不会重复生成。</translation>
    </message>
    <message>
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>%1 schedules · %2 to do this period · %3 behind</source>
        <translation>共%1项计划 · 本期待检查%2项 · 上期也未检查%3项</translation>
    </message>
    <message>
        <source>Schedules are made by the rule table (%1) when an estate is registered or its management mode changes.</source>
        <translation>检查计划按规则（%1）在登记小区或变更管理模式时自动生成。</translation>
    </message>
    <message>
        <source>Schedules: %1 added, %2 withdrawn, %3 changed</source>
        <translation>检查计划：新增%1项，撤销%2项，调整%3项</translation>
    </message>
    <message>
        <source>Due inspections</source>
        <translation>检查计划</translation>
    </message>
    <message>
        <source>Recurring inspections of this period, by estate</source>
        <translation>各小区本期应做的定期检查</translation>
    </message>
</context>
<context>
    <name>ScoresBox</name>
    <message>
        <source>Satisfaction with this item, percent; — when not scored</source>
        <translation>该项目的满意度（%）；未单项测评时为“—”</translation>
    </message>
</context>
<context>
    <name>ScreenExport</name>
    <message>
        <source>Export to Excel</source>
        <extracomment>the remembered export folder (shared with the register export)</extracomment>
        <translation>导出到Excel</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>%1 rows exported to %2.</source>
        <translation>已导出%1行到 %2。</translation>
    </message>
    <message>
        <source>Cannot save the file</source>
        <translation>无法保存文件</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
</context>
<context>
    <name>SelectionModel</name>
    <message>
        <source>Started</source>
        <translation>启动日期</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>选聘方式</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Selected company</source>
        <translation>选定企业</translation>
    </message>
</context>
<context>
    <name>SelectionsScreen</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到Excel…</translation>
    </message>
    <message>
        <source>Print result publication…</source>
        <translation>打印结果公示…</translation>
    </message>
    <message>
        <source>Print filing form…</source>
        <translation>打印合同备案表…</translation>
    </message>
    <message>
        <source>New selection</source>
        <translation>启动选聘</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Willingness survey</source>
        <translation>意愿征询</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>选聘方式</translation>
    </message>
    <message>
        <source>Required for selection by agreement</source>
        <translation>协议选聘必填</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Started on</source>
        <translation>启动日期</translation>
    </message>
    <message>
        <source>Start selection</source>
        <translation>启动选聘</translation>
    </message>
    <message>
        <source>Candidates and evaluation</source>
        <translation>候选企业与评审</translation>
    </message>
    <message>
        <source>Add candidate</source>
        <translation>添加候选企业</translation>
    </message>
    <message>
        <source>Record score of the chosen candidate</source>
        <translation>录入所选候选企业的得分</translation>
    </message>
    <message>
        <source>Result and publication</source>
        <translation>选聘结果与公示</translation>
    </message>
    <message>
        <source>Selected company</source>
        <translation>选定企业</translation>
    </message>
    <message>
        <source>Publication from</source>
        <translation>公示开始</translation>
    </message>
    <message>
        <source>Publication to</source>
        <translation>公示结束</translation>
    </message>
    <message>
        <source>Set result</source>
        <translation>确定选聘结果</translation>
    </message>
    <message>
        <source>Contract filing</source>
        <translation>合同备案</translation>
    </message>
    <message>
        <source> yuan/m² per month</source>
        <translation> 元/㎡·月</translation>
    </message>
    <message>
        <source>Filed on</source>
        <translation>备案日期</translation>
    </message>
    <message>
        <source>Contract from</source>
        <translation>合同开始</translation>
    </message>
    <message>
        <source>Contract to</source>
        <translation>合同结束</translation>
    </message>
    <message>
        <source>Fee standard</source>
        <translation>物业费标准</translation>
    </message>
    <message>
        <source>Service grade</source>
        <translation>服务等级</translation>
    </message>
    <message>
        <source>File the contract (updates the estate)</source>
        <translation>合同备案（同时更新小区的物业企业和合同期限）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 selections · %2 filed</source>
        <translation>共%1次选聘 · 已备案%2次</translation>
    </message>
    <message>
        <source>Choose a selection, or start one above.</source>
        <translation>请在左侧选择一次选聘，或在上方启动新的选聘。</translation>
    </message>
    <message>
        <source>Selected: %1, publication %2 to %3</source>
        <translation>选定企业：%1，公示期%2至%3</translation>
    </message>
    <message>
        <source>Choose the estate first.</source>
        <translation>请先选择小区。</translation>
    </message>
    <message>
        <source>Selection started.</source>
        <translation>已启动选聘。</translation>
    </message>
    <message>
        <source>Candidate added.</source>
        <translation>已添加候选企业。</translation>
    </message>
    <message>
        <source>Choose a candidate in the table first.</source>
        <translation>请先在表中选择一家候选企业。</translation>
    </message>
    <message>
        <source>Score recorded.</source>
        <translation>已录入得分。</translation>
    </message>
    <message>
        <source>Result set; publish it for the period.</source>
        <translation>已确定选聘结果，请在公示期内张贴公示。</translation>
    </message>
    <message>
        <source>Contract filed; the estate&apos;s company and contract term are updated.</source>
        <translation>合同已备案，小区的物业企业和合同期限已更新。</translation>
    </message>
    <message>
        <source>Result publication</source>
        <translation>选聘结果公示</translation>
    </message>
    <message>
        <source>Filing form</source>
        <translation>物业服务合同备案表</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1 (%2 pages).</source>
        <translation>已保存 %1（%2页）。</translation>
    </message>
    <message>
        <source>Selections</source>
        <translation>物业选聘台账</translation>
    </message>
    <message>
        <source>Company selection</source>
        <translation>物业选聘</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Welcome to the Community Property Workbench</source>
        <extracomment>the community exists now (created or demo installed)</extracomment>
        <translation>欢迎使用社区物业工作台</translation>
    </message>
    <message>
        <source>This computer has no community yet. Enter your community&apos;s 12-digit statistical division code and its name, or open the demo community to try the program first.</source>
        <translation>这台电脑上还没有登记社区。请填写本社区的12位统计用区划代码和社区名称；也可以先打开演示社区试用。</translation>
    </message>
    <message>
        <source>e.g. 桃源社区</source>
        <translation>例如：桃源社区</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Community code</source>
        <translation>社区区划代码</translation>
    </message>
    <message>
        <source>Community name</source>
        <translation>社区名称</translation>
    </message>
    <message>
        <source>Sub-district</source>
        <translation>所属街道</translation>
    </message>
    <message>
        <source>Open the demo community</source>
        <translation>打开演示社区</translation>
    </message>
    <message>
        <source>Create community</source>
        <translation>创建社区</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Creating the demo community…</source>
        <translation>正在创建演示社区…</translation>
    </message>
    <message>
        <source>Creating the demo community</source>
        <translation>正在创建演示社区</translation>
    </message>
    <message>
        <source>e.g. 王小红</source>
        <translation>例如：王小红</translation>
    </message>
    <message>
        <source>Every change is recorded under this name; it can be switched later in the status bar</source>
        <translation>每一处修改都会记在这个名字下；以后可以在状态栏切换工作人员</translation>
    </message>
    <message>
        <source>Your name (worker)</source>
        <translation>工作人员姓名</translation>
    </message>
</context>
<context>
    <name>SurveyForm</name>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>%1 annual</source>
        <translation>%1年度</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>年度/期次</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>调查日期</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>调查方式</translation>
    </message>
    <message>
        <source>Households in the estate</source>
        <translation>小区总户数</translation>
    </message>
    <message>
        <source>Households surveyed</source>
        <translation>参与调查户数</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意户数</translation>
    </message>
    <message>
        <source>Agreeing</source>
        <translation>同意户数</translation>
    </message>
    <message>
        <source>Per item (optional)</source>
        <translation>分项满意度（可选）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record satisfaction survey</source>
        <translation>登记满意度测评</translation>
    </message>
    <message>
        <source>Record willingness survey</source>
        <translation>登记意愿征询</translation>
    </message>
    <message>
        <source>Satisfaction %1 (%2 of %3 surveyed households)</source>
        <translation>满意率%1（参与调查%3户，满意%2户）</translation>
    </message>
    <message>
        <source>Band: %1</source>
        <translation>所在区间：%1</translation>
    </message>
    <message>
        <source>%1 of %2 households agree (%3); more than half is %4 households</source>
        <translation>总户数%2户，同意%1户（%3）；过半数须达到%4户</translation>
    </message>
    <message>
        <source>Action: %1</source>
        <translation>处置措施：%1</translation>
    </message>
    <message>
        <source>The signed rectification pledge is due by %1</source>
        <translation>整改承诺书须于%1前签订</translation>
    </message>
    <message>
        <source>Choose the estate first.</source>
        <translation>请先选择小区。</translation>
    </message>
    <message>
        <source>Recorded: %1</source>
        <translation>已登记：%1</translation>
    </message>
</context>
<context>
    <name>SurveyModel</name>
    <message>
        <source>Date</source>
        <extracomment>the tone of each prescribed action</extracomment>
        <translation>调查日期</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>年度/期次</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>总户数</translation>
    </message>
    <message>
        <source>Surveyed</source>
        <translation>参与户数</translation>
    </message>
    <message>
        <source>Satisfied / agreeing</source>
        <translation>满意/同意户数</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>落实期限</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>落实情况</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>物业企业</translation>
    </message>
    <message>
        <source>Done %1</source>
        <translation>已落实 %1</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>SurveysScreen</name>
    <message>
        <source>All estates</source>
        <translation>全部小区</translation>
    </message>
    <message>
        <source>All surveys</source>
        <translation>全部调查</translation>
    </message>
    <message>
        <source>Pending follow-up only</source>
        <translation>只看待落实</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到Excel…</translation>
    </message>
    <message>
        <source>Satisfaction survey</source>
        <translation>满意度测评</translation>
    </message>
    <message>
        <source>Willingness survey</source>
        <translation>意愿征询</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>落实</translation>
    </message>
    <message>
        <source>Carried out on</source>
        <translation>落实日期</translation>
    </message>
    <message>
        <source>e.g. pledge signed, assembly held</source>
        <translation>如：已签订整改承诺书、已召开业主大会</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Mark action carried out</source>
        <translation>标记为已落实</translation>
    </message>
    <message>
        <source>Back to pending</source>
        <translation>改回待落实</translation>
    </message>
    <message>
        <source>The action was marked carried out by mistake</source>
        <translation>误标为已落实时使用</translation>
    </message>
    <message>
        <source>Result publication notice…</source>
        <translation>结果公示…</translation>
    </message>
    <message>
        <source>Opens Documents with the survey result notice filled from this survey</source>
        <translation>打开“文书”，用本次调查的结果填好“满意度调查结果公示”</translation>
    </message>
    <message>
        <source>Owners&apos; assembly notice…</source>
        <translation>业主大会公告…</translation>
    </message>
    <message>
        <source>Below 60%: the assembly votes on keeping the company</source>
        <translation>满意度低于60%：召开业主大会表决是否续聘物业企业</translation>
    </message>
    <message>
        <source>Rectification pledge…</source>
        <translation>整改承诺书…</translation>
    </message>
    <message>
        <source>60% to 85%: the company signs a rectification pledge by the deadline</source>
        <translation>60%～85%：物业企业签订整改承诺书，限期整改</translation>
    </message>
    <message>
        <source>Commendation notice…</source>
        <translation>表扬通报…</translation>
    </message>
    <message>
        <source>85% and above: the company is commended</source>
        <translation>85%及以上：对物业企业通报表扬</translation>
    </message>
    <message>
        <source>%1 surveys · %2 actions pending · %3 overdue</source>
        <translation>调查%1次 · 待落实%2项 · 逾期%3项</translation>
    </message>
    <message>
        <source>No survey selected.</source>
        <translation>未选择调查记录。</translation>
    </message>
    <message>
        <source>Rate: %1</source>
        <translation>比例：%1</translation>
    </message>
    <message>
        <source>Band: %1</source>
        <translation>所在区间：%1</translation>
    </message>
    <message>
        <source>Action: %1</source>
        <translation>处置措施：%1</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>落实期限：%1</translation>
    </message>
    <message>
        <source>Per item: %1</source>
        <translation>分项满意度：%1</translation>
    </message>
    <message>
        <source>Follow-up: %1</source>
        <translation>落实情况：%1</translation>
    </message>
    <message>
        <source>Carried out on %1</source>
        <translation>落实日期：%1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>调查</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>An unexpected problem stopped the sync (%1). Your changes are kept on this computer; try again later, and tell the county if it happens again.</source>
        <translation>同步因意外问题中断（%1）。本机的修改都已保存；请稍后重试，如再次出现请告知县住建部门。</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <extracomment>the last sync gave up waiting on a busy county server (503 + Retry-After)</extracomment>
        <translation>同步中</translation>
    </message>
    <message>
        <source>Sending this computer&apos;s changes to the county server.</source>
        <translation>正在把本机的修改发送到县服务器。</translation>
    </message>
    <message>
        <source>Device disabled</source>
        <translation>本机已停用</translation>
    </message>
    <message>
        <source>The county has disabled this computer. Export the unsent changes on the Sync page.</source>
        <translation>县里已停用本机。请在“同步”页导出尚未上传的修改。</translation>
    </message>
    <message>
        <source>Offline (not enrolled)</source>
        <translation>离线（未注册）</translation>
    </message>
    <message>
        <source>This computer is not enrolled with the county server yet (Sync page).</source>
        <translation>本机尚未注册到县服务器（见“同步”页）。</translation>
    </message>
    <message>
        <source>Needs attention: %1</source>
        <translation>需要处理 %1</translation>
    </message>
    <message>
        <source>%1 rejected changes and %2 conflicts wait for you on the Sync page.</source>
        <translation>“同步”页中有 %1 条被拒收的修改和 %2 条冲突等待处理。</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>The county server cannot be reached; changes are kept and sent later.</source>
        <translation>无法连接县服务器；修改已保存在本机，稍后自动上传。</translation>
    </message>
    <message>
        <source>County server busy</source>
        <translation>县服务器正忙</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>已同步 %1</translation>
    </message>
    <message>
        <source>%1 changes waiting to be sent.</source>
        <translation>%1 条修改待上传。</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>The county server is still writing part of the data; the next sync fetches the rest.</source>
        <translation>县服务器仍在写入部分数据，下次同步时会取回其余部分。</translation>
    </message>
    <message>
        <source>%1 received records could not be saved on this computer and were set aside; see Needs attention.</source>
        <translation>有 %1 条县服务器发来的记录无法在本机保存，已单独存放，请查看“需要处理”。</translation>
    </message>
    <message>
        <source>This computer has no system keyring; see the message above.</source>
        <translation>本机没有系统密钥库，请看上方的说明。</translation>
    </message>
    <message>
        <source>This computer has no usable system keyring (it keeps the county server login safe), so it cannot be enrolled yet. Your enrolment code has not been used: keep it. On UOS, Kylin or Debian desktops install and enable the system keyring (for example gnome-keyring: sudo apt install gnome-keyring), or enable KWallet on KDE, then log out and in again. Windows has its Credential Manager built in.</source>
        <translation>本机没有可用的系统密钥库（用来安全保存县服务器的登录凭据），暂时不能注册同步。注册码没有被使用，请保留。统信UOS、银河麒麟或 Debian 桌面：请安装并启用系统密钥环（如 gnome-keyring，命令 sudo apt install gnome-keyring），或在 KDE 桌面启用 KWallet，然后注销并重新登录桌面再试。Windows 自带“凭据管理器”，无需安装。</translation>
    </message>
    <message>
        <source>Sync with the county server</source>
        <translation>与县服务器同步</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>County server:</source>
        <translation>县服务器：</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>上次同步：</translation>
    </message>
    <message>
        <source>Waiting to be sent:</source>
        <translation>待上传：</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Enrol this computer…</source>
        <translation>注册本机…</translation>
    </message>
    <message>
        <source>Export unsent changes…</source>
        <translation>导出未上传的修改…</translation>
    </message>
    <message>
        <source>Records changed differently on two computers. Open one to compare the values and choose.</source>
        <translation>以下记录在两台电脑上被改成了不同的值。打开一条，对比后选择要保留的值。</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>台账</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Compare and choose…</source>
        <translation>对比并选择…</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Changes the county server refused, with its reason. Correct and send again, or discard.</source>
        <translation>县服务器拒收的修改及其理由。可以修改后重新提交，或放弃。</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改类型</translation>
    </message>
    <message>
        <source>Reason given by the county server</source>
        <translation>县服务器给出的理由</translation>
    </message>
    <message>
        <source>Correct and send again…</source>
        <translation>修改后重新提交…</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>冲突（%1）</translation>
    </message>
    <message>
        <source>Needs attention (%1)</source>
        <translation>需要处理（%1）</translation>
    </message>
    <message>
        <source>Photo not downloaded</source>
        <translation>照片未下载</translation>
    </message>
    <message>
        <source>Photos that could not be downloaded are tried again by every sync: press Sync now. If the county server has no copy, sync the computer that took the photo first.</source>
        <translation>未能下载的照片在每次同步时都会重新下载：请点“立即同步”。若县服务器上没有这张照片，请先在拍摄照片的那台电脑上同步一次。</translation>
    </message>
    <message>
        <source>%1 inspection photos could not be downloaded; the next sync tries again. See Needs attention.</source>
        <translation>有%1张检查照片未能下载，下次同步时会再试，详见“需要处理”。</translation>
    </message>
    <message>
        <source>Not enrolled</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 条</translation>
    </message>
    <message>
        <source>Enrol again…</source>
        <translation>重新注册…</translation>
    </message>
    <message>
        <source>The county has disabled this computer. Its changes are kept: export them and hand the file to the county.</source>
        <translation>县里已停用本机。本机的修改都还在：请导出后把文件交给县里。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>同步中</translation>
    </message>
    <message>
        <source>Sync did not finish: %1</source>
        <translation>同步未完成：%1</translation>
    </message>
    <message>
        <source>Sync finished: %1 sent, %2 received.</source>
        <translation>同步完成：上传 %1 条，下载 %2 条。</translation>
    </message>
    <message>
        <source>Enrolled for community %1. Syncing now…</source>
        <translation>已注册到社区 %1，正在同步…</translation>
    </message>
    <message>
        <source>Discard change</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Discard this change to %1 “%2”? It will not be sent to the county. The record on this computer stays as it is.</source>
        <translation>放弃对%1“%2”的这条修改吗？它不会再发送到县里，本机上的记录保持不变。</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Export unsent changes</source>
        <translation>导出未上传的修改</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>%1 unsent changes exported to %2.</source>
        <translation>已导出 %1 条未上传的修改：%2</translation>
    </message>
</context>
<context>
    <name>TodoModel</name>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Where / who</source>
        <translation>小区/对象</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>When</source>
        <translation>情况</translation>
    </message>
</context>
<context>
    <name>TodoPanel</name>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Double-click a row to open it where it is done.</source>
        <translation>双击一行，打开办理该事项的页面。</translation>
    </message>
    <message>
        <source>To do: %1 items, %2 overdue</source>
        <translation>待办：共%1项，已过期%2项</translation>
    </message>
</context>
<context>
    <name>TrashScreen</name>
    <message>
        <source>Deleted register records stay here. Restoring one brings it back into its register and tells the county server at the next sync.</source>
        <extracomment>registers whose deletions 回收站 lists</extracomment>
        <translation>删除的台账记录会保留在这里。恢复后记录回到原来的台账，下次同步时会告知县服务器。</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>台账</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Deleted at</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Deleted by</source>
        <translation>删除人</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>修改记录…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message numerus="yes">
        <source>%n deleted record(s)</source>
        <translation>
            <numerusform>回收站中共%n条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>正在恢复</translation>
    </message>
    <message>
        <source>Restored “%1”.</source>
        <translation>已恢复“%1”。</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>Recycle bin</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Deleted records, and restoring them</source>
        <translation>已删除的记录，以及恢复它们</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <source>New version available</source>
        <translation>发现新版本</translation>
    </message>
    <message>
        <source>Download and install</source>
        <translation>下载并安装</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Downloading update</source>
        <translation>下载新版本</translation>
    </message>
    <message>
        <source>The installer was verified (signed by the software publisher). It starts now and the workbench closes.</source>
        <translation>安装包已验证（软件发布方签名有效），现在启动安装程序，工作台将关闭。</translation>
    </message>
</context>
<context>
    <name>WorkerButton</name>
    <message>
        <source>Switch worker (several workers can share this computer)</source>
        <translation>切换工作人员（多位工作人员可以共用这台电脑）</translation>
    </message>
    <message>
        <source>Worker: %1</source>
        <translation>工作人员：%1</translation>
    </message>
    <message>
        <source>Worker: not set (click to enter your name)</source>
        <translation>工作人员：未设置（点此填写姓名）</translation>
    </message>
    <message>
        <source>Now working: %1</source>
        <translation>当前工作人员：%1</translation>
    </message>
</context>
<context>
    <name>WorkerDialog</name>
    <message>
        <source>Switch worker</source>
        <translation>切换工作人员</translation>
    </message>
    <message>
        <source>Your name. Every change from now on is recorded under it and shown in the change history.</source>
        <translation>请填写你的姓名。之后的每一处修改都会记在这个名字下，并显示在修改记录中。</translation>
    </message>
</context>
</TS>
