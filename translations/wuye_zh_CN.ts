<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Cannot continue</source>
        <extracomment>set by benchmarks: quit as soon as the main window has shown its first screen's data</extracomment>
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
        <extracomment>the main window is shown and its first screen is loading start-up failed for good (the app should quit)</extracomment>
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
        <source>Community Property Workbench</source>
        <translation>社区物业工作台</translation>
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
Please send this file to the county's technical support.</source>
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
    <name>DocumentsScreen</name>
    <message>
        <source>Notice to residents (one page per building)</source>
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
        <source>Printing is not available in this session.</source>
        <translation>文书打印功能未启用。</translation>
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
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation><numerusform>共%n页</numerusform></translation>
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
        <translation><numerusform>已发送%n页到打印机。</numerusform></translation>
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
        <source>Excel or CSV files (*.xlsx *.xlsm *.csv);;All files (*)</source>
        <translation>Excel或CSV文件 (*.xlsx *.xlsm *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>A CSV file holds one register. Open the register's page (for example 楼栋) and import it there.</source>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Community Property Workbench</source>
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
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <source>Estates by management mode</source>
        <translation>按管理模式统计小区</translation>
    </message>
    <message>
        <source>%1 (code %2)</source>
        <translation>%1（区划代码 %2）</translation>
    </message>
    <message>
        <source>Professional property management coverage: %1%. Estates without any management: %2.</source>
        <translation>专业化物业覆盖率：%1%。无物业小区：%2个。</translation>
    </message>
    <message>
        <source>No estates registered yet. Open 'Estates' to add one, or import a register from Excel.</source>
        <translation>还没有登记小区。请打开“小区”页面新建，或从Excel导入台账。</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Previous page</source>
        <extracomment>An A4 page at 1200 dpi is a 560 MB image; 600 dpi is beyond what a laser printer resolves for text at these sizes and keeps one page under 140 MB while it is being drawn.</extracomment>
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
        <translation><numerusform>共%n页</numerusform></translation>
    </message>
    <message>
        <source>no document</source>
        <translation>尚未预览</translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation>无法打开打印机。</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Not set</source>
        <extracomment>the user changed something (or the form was reset: False) any editor changed (for debounced live validation) a reference field's text changed: (field name, new text)</extracomment>
        <translation>未填写</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>Not synced</source>
        <extracomment>the model's native value of a cell (int, float, str, QDate, bool, enum code) for sorting the row's record id the row's sync state code ("pending", "synced", "conflict") a register must reload when one of these changes (names of references are shown)</extracomment>
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
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Sync</source>
        <extracomment>a (re)load finished: the total number of matching rows (or -1 while unknown)</extracomment>
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
        <extracomment>registers whose rows belong to an estate (filterable by estate and management mode) a record was loaded into the form: (values or None for a new one, id or None) a record was saved: its id</extracomment>
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
        <translation><numerusform>共%n条</numerusform></translation>
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
        <source>Delete this %1 record “%2”? It can no longer be seen in the register.</source>
        <translation>删除这条%1记录“%2”吗？删除后台账中将不再显示。</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
</context>
<context>
    <name>RegisterScreens</name>
    <message>
        <source>Select an estate to see its buildings, building leads, property company and owners' committee.</source>
        <translation>选择一个小区，查看它的楼栋、楼长、物业企业和业委会。</translation>
    </message>
    <message>
        <source>Members (select a committee above)</source>
        <translation>成员（请先在上方选择业委会）</translation>
    </message>
    <message>
        <source>Members of the committee of %1</source>
        <translation>%1业委会成员</translation>
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
        <source>Owners' committees</source>
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
    <name>SetupDialog</name>
    <message>
        <source>Welcome to the Community Property Workbench</source>
        <extracomment>the community exists now (created or demo installed)</extracomment>
        <translation>欢迎使用社区物业工作台</translation>
    </message>
    <message>
        <source>This computer has no community yet. Enter your community's 12-digit statistical division code and its name, or open the demo community to try the program first.</source>
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
</context>
</TS>