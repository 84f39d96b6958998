"""单元 through the real widgets: add a unit under a building on the 楼栋 screen, then pick it
from the 单元 list of a lead's form."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from wuye_desktop.ui.main_window import MainWindow


def test_add_a_unit_to_a_building_and_pick_it_for_a_lead(window: MainWindow, wait_idle, qtbot,
                                                          demo_services) -> None:
    regs = demo_services.registers
    window.show_screen("buildings")
    wait_idle()
    screen = window.screens["buildings"]
    units = screen.units  # type: ignore[attr-defined]
    assert not units.isEnabled()
    screen.panel.table.selectRow(0)
    wait_idle()
    building = regs.get("buildings", screen.panel.current_id)
    assert building is not None
    estate, number, count = building["estate_name"], building["number"], building["unit_count"]
    qtbot.waitUntil(lambda: units.isEnabled() and units.model.total == count, timeout=10000)
    assert estate in screen.child_title.text() and number in screen.child_title.text()

    units.new_record()
    assert units.form.values()["building_number"] == number  # the building selected above
    units.form.set_field("number", "9单元")
    units.form.set_field("floors", 6)
    units.form.set_field("household_count", 12)
    units.save()
    wait_idle()
    assert units.form.message("") == ""
    qtbot.waitUntil(lambda: units.model.total == count + 1, timeout=10000)
    assert regs.get("buildings", building["id"])["unit_count"] == count + 1  # type: ignore[index]
    added = [u for u in regs.rows("units", filters={"building_number": number,
                                                    "estate_name": estate}) if u["number"] == "9"]
    assert [(u["floors"], u["household_count"]) for u in added] == [(6, 12)]

    window.show_screen("leads")
    wait_idle()
    leads = window.screens["leads"].panel
    leads.new_record()
    leads.form.set_field("estate_name", estate)
    wait_idle()
    leads.form.set_field("building_number", number)
    wait_idle()
    combo = leads.form.editors["unit_number"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.findText("9") >= 0, timeout=10000)
    combo.setCurrentIndex(combo.findText("9"))
    leads.form.set_field("name", "单元测试楼长")
    leads.form.set_field("phone", "13912345678")
    leads.save()
    wait_idle()
    (lead,) = regs.rows("leads", search="单元测试楼长")
    assert (lead["estate_name"], lead["building_number"], lead["unit_number"]) == (estate, number, "9")
