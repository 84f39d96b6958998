"""The composition root of the headless core: one database, every service over it, typed.

:func:`open_services` builds each service as a typed attribute of :class:`Services`, in
dependency order, in one place — the shape of Anki's ``Collection.__init__``. The GUI
(``app.py``), the CLI and the tests all call it, so every caller gets the same composition that
ships: there is no registry of extras, no install order and no "feature not installed" branch.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import Clock, default_clock
from ..paths import AppPaths
from ..storage.db import Database
from .committees import CommitteeService
from .complaints import ComplaintService
from .fund import FundService
from .history import HistoryService
from .inspection_dashboard import DashboardService
from .inspection_templates import TemplateService
from .inspections import InspectionService
from .photos import PhotoStore
from .printing import PrintService
from .registers import RegisterService
from .revenue import RevenueService
from .schedules import ScheduleService
from .selections import SelectionService
from .surveys import SurveyService
from .sync import SyncService
from .todo import TodoService
from .transfer import TransferService
from .workers import WorkerService, resolve_user


@dataclass(eq=False)
class Services:
    """Every use case of one community database. Built only by :func:`open_services`."""

    paths: AppPaths
    db: Database
    #: business "today" for every service (overdue, deadlines, demo range); pinned in tests
    clock: Clock
    registers: RegisterService
    transfer: TransferService
    history: HistoryService
    workers: WorkerService
    templates: TemplateService
    photos: PhotoStore
    inspections: InspectionService
    schedules: ScheduleService
    surveys: SurveyService
    complaints: ComplaintService
    #: 物业选聘: survey → method → candidates → scores → result/公示 → 合同备案
    selections: SelectionService
    #: 维修资金 use applications (应急 / 一般), their vote, stages and apportionment
    fund: FundService
    todo: TodoService
    dashboard: DashboardService
    #: party-member ratio, term status, 业委会组建率/党组织覆盖率, the county's credit bands
    committees: CommitteeService
    printing: PrintService
    #: the public-revenue ledger, its notice and postings, the fee collection figures
    revenue: RevenueService
    sync: SyncService

    def close(self) -> None:
        self.db.close()


def open_services(paths: AppPaths, user: str | None = None, clock: Clock | None = None) -> Services:
    """Open (creating or migrating) the database under ``paths`` and build every service.

    ``clock`` defaults to :func:`~wuye_desktop.clock.default_clock` (the system clock unless the
    ``WUYE_CLOCK_TODAY`` test/demo override pins it). ``user`` is who is recorded on changes; by
    default the worker's name stored on this computer (asked at first run), else the OS login.

    Raises :class:`~wuye_desktop.storage.errors.StorageError` for a corrupt or too-new file.
    """
    paths.ensure()
    db = Database(paths.database, paths.backups, user=user or "")
    workers = WorkerService(db)
    if user is None:
        db.set_user(resolve_user(db))
    clock = clock if clock is not None else default_clock()
    templates = TemplateService(db)
    templates.ensure_builtin()
    schedules = ScheduleService(db, templates, clock)
    registers = RegisterService(db, clock, schedules)
    photos = PhotoStore(paths.photos)
    inspections = InspectionService(db, photos, templates, clock)
    surveys, complaints = SurveyService(db), ComplaintService(db)
    printing = PrintService(db, registers, inspections, clock.today)
    return Services(
        paths=paths, db=db, clock=clock,
        registers=registers,
        transfer=TransferService(registers, paths.data_dir / "import_mappings.json"),
        history=HistoryService(db, registers),
        workers=workers,
        templates=templates,
        photos=photos,
        inspections=inspections,
        schedules=schedules,
        surveys=surveys,
        complaints=complaints,
        selections=SelectionService(db),
        fund=FundService(db, photos),
        todo=TodoService(db, inspections, complaints, surveys, schedules, clock),
        dashboard=DashboardService(db, clock),
        committees=CommitteeService(db, clock),
        printing=printing,
        revenue=RevenueService(db, photos, printing, clock),
        sync=SyncService(paths, db, clock=clock),
    )
