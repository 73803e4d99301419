"""The built-in catalogue of Lean levers, kept as data in the code so it is versioned, reviewed
and translated like any other text of the interface.

The English texts are wrapped in gettext_lazy: the French ones live in the translation
catalogue, so a facilitator reads the catalogue in the language of the interface. The database
holds one `Lever` row per entry (same `code`, `company` null), synced by
`obeya.levers.services.catalogue_sync` (run by a data migration and by `obeya demo`), so
candidate actions can point at a built-in lever with a plain foreign key; the row's texts are
always read from here (see `Lever.text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Category:
    """The families a facilitator sorts levers into; the values are stored on `Lever`."""

    FLOW = "flow"
    QUALITY = "quality"
    EQUIPMENT = "equipment"
    ORGANISATION = "organisation"
    VISUAL = "visual"
    PROBLEM_SOLVING = "problem_solving"

    CHOICES = (
        (FLOW, _("Flow")),
        (QUALITY, _("Quality")),
        (EQUIPMENT, _("Equipment")),
        (ORGANISATION, _("Work organisation")),
        (VISUAL, _("Visual management")),
        (PROBLEM_SOLVING, _("Problem solving")),
    )


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    category: str
    name: Promise
    acts_on: Promise
    when_fits: Promise
    indicators: Promise
    pitfalls: Promise


BUILT_IN_LEVERS: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        code="5s",
        category=Category.ORGANISATION,
        name=_("5S"),
        acts_on=_(
            "The workplace itself: sort what is not needed, set a place for everything, shine, "
            "standardise and sustain. It removes searching, walking and the hidden defects a "
            "cluttered station hides, and it is the ground every other lever stands on."
        ),
        when_fits=_(
            "Operators search for tools, parts or documents; floors and benches are cluttered; "
            "the audit of the area scores low. A good first lever to involve a team quickly and "
            "show visible results within weeks."
        ),
        indicators=_(
            "5S audit score; time spent searching per shift; floor space freed (m²); number of "
            "red tags resolved."
        ),
        pitfalls=_(
            "A one-off clean-up without the sustain step: the area is back to its old state in "
            "three months. Painting lines on the floor without asking the operators where "
            "things should go. Auditing without the team fixing what the audit finds."
        ),
    ),
    CatalogueEntry(
        code="smed",
        category=Category.EQUIPMENT,
        name=_("SMED (quick changeover)"),
        acts_on=_(
            "Changeover time: separate internal from external tasks, move internal tasks to "
            "external, then shorten the remaining ones (clamps, presetting, parallel work). "
            "Shorter changeovers allow smaller batches, hence less inventory and lead time."
        ),
        when_fits=_(
            "A bottleneck or a shared machine loses hours to changeovers, or batches are large "
            "because changing over is long. Film one changeover with the team before anything "
            "else."
        ),
        indicators=_(
            "Changeover time (min); number of changeovers per day; batch size; OEE availability; "
            "inventory in front of the machine (days)."
        ),
        pitfalls=_(
            "Keeping the same batch size once changeovers are short: the gain stays on paper. "
            "Buying quick-change tooling before the organisational steps. Not standardising "
            "the new changeover, so each shift does it differently."
        ),
    ),
    CatalogueEntry(
        code="tpm",
        category=Category.EQUIPMENT,
        name=_("TPM (total productive maintenance)"),
        acts_on=_(
            "Equipment losses: breakdowns, minor stops, speed losses and defects. Operators take "
            "over basic care, maintenance plans preventive work, and the team attacks the "
            "chronic losses measured by OEE."
        ),
        when_fits=_(
            "OEE is low with breakdowns and minor stops dominating, especially on the "
            "bottleneck; maintenance works only in fire-fighting mode."
        ),
        indicators=_(
            "OEE and its three rates; MTBF and MTTR; number of breakdowns per month; share of "
            "preventive versus corrective maintenance hours."
        ),
        pitfalls=_(
            "Launching all pillars at once across the plant instead of a model machine. "
            "Counting OEE differently on each line. Handing operators cleaning tasks without "
            "training or time to do them."
        ),
    ),
    CatalogueEntry(
        code="kanban",
        category=Category.FLOW,
        name=_("Kanban and pull"),
        acts_on=_(
            "What triggers production: a card or signal sent by the consuming process replaces "
            "the push of a forecast schedule. Inventory between two steps is capped by the "
            "number of cards, so overproduction stops."
        ),
        when_fits=_(
            "Repetitive demand with a stable product mix; stocks pile up between steps while "
            "shortages still happen; the schedule is rewritten every day."
        ),
        indicators=_(
            "Inventory between the steps (days of demand); number of cards in the loop; "
            "shortages per month; lead time."
        ),
        pitfalls=_(
            "Sizing the loop once and never again as demand moves. Pulling from a process whose "
            "changeovers are too long to answer the signals. Letting cards get lost or "
            "bypassed with urgent orders."
        ),
    ),
    CatalogueEntry(
        code="supermarket",
        category=Category.FLOW,
        name=_("Supermarkets"),
        acts_on=_(
            "A controlled stock with a fixed place and a maximum per reference, from which the "
            "downstream process takes what it needs and the upstream process replenishes only "
            "what was taken. It decouples processes that cannot be linked in continuous flow."
        ),
        when_fits=_(
            "Two processes have different cycle times or shared equipment (a laser serving "
            "several lines) so continuous flow is impossible; stock is there anyway but "
            "uncontrolled."
        ),
        indicators=_(
            "Supermarket level against min and max; coverage (days); shortages at the "
            "downstream process; floor space used."
        ),
        pitfalls=_(
            "A supermarket without a pull signal is just a warehouse. Oversizing it 'to be "
            "safe'. Putting one everywhere instead of flowing where you can."
        ),
    ),
    CatalogueEntry(
        code="one_piece_flow",
        category=Category.FLOW,
        name=_("One-piece flow and cells"),
        acts_on=_(
            "How parts move: steps are placed next to each other in a cell and parts move one "
            "at a time (or in small transfer batches), removing the queues between steps and "
            "exposing problems immediately."
        ),
        when_fits=_(
            "Steps with similar cycle times process the same product family; parts wait far "
            "longer than they are worked on; operators walk between distant machines."
        ),
        indicators=_(
            "Lead time; work in progress in the cell; floor space; productivity (parts per "
            "operator-hour); distance travelled by a part."
        ),
        pitfalls=_(
            "Building a cell around machines with unreliable uptime or long changeovers: the "
            "whole cell stops. Ignoring ergonomics and operator multi-skilling."
        ),
    ),
    CatalogueEntry(
        code="line_balancing",
        category=Category.FLOW,
        name=_("Line balancing"),
        acts_on=_(
            "The distribution of work content between stations and operators so that each "
            "station's cycle time is just under takt time, using the yamazumi chart of the "
            "work elements."
        ),
        when_fits=_(
            "Some stations wait while others are overloaded; the number of operators is not "
            "linked to demand; the yamazumi shows large differences between posts."
        ),
        indicators=_(
            "Balance rate (%); cycle time per station against takt; number of operators "
            "needed; output per hour."
        ),
        pitfalls=_(
            "Balancing on standard times instead of observed ones. Spreading waste evenly "
            "instead of removing it. Rebalancing without updating the standard work sheets."
        ),
    ),
    CatalogueEntry(
        code="heijunka",
        category=Category.FLOW,
        name=_("Heijunka (levelling)"),
        acts_on=_(
            "The production schedule: volume and mix are spread evenly over the days and "
            "hours, with a levelling box and a pitch, instead of following the peaks of orders."
        ),
        when_fits=_(
            "Orders arrive in waves; overtime alternates with idle time; upstream processes "
            "and suppliers see a magnified bullwhip. Usually after pull and quick changeovers "
            "are in place."
        ),
        indicators=_(
            "Variation of daily output; overtime hours; finished goods inventory; on-time delivery."
        ),
        pitfalls=_(
            "Levelling before changeovers are short enough to switch products often. Breaking "
            "the levelled schedule for every urgent order."
        ),
    ),
    CatalogueEntry(
        code="poka_yoke",
        category=Category.QUALITY,
        name=_("Poka-yoke (error-proofing)"),
        acts_on=_(
            "Human errors at the source: a device or design makes the wrong action impossible "
            "or immediately visible (guide pin, sensor, counter, shaped fixture), so defects "
            "are not made rather than found later."
        ),
        when_fits=_(
            "Recurring defects come from omissions, inversions or wrong parts; inspection "
            "catches them late or lets them through to the customer."
        ),
        indicators=_(
            "Defects per million; customer complaints; scrap and rework cost; number of "
            "error-proofing devices checked each shift."
        ),
        pitfalls=_(
            "Devices that operators bypass because they slow them down. No daily check that "
            "the device still works. Adding inspection instead of preventing the error."
        ),
    ),
    CatalogueEntry(
        code="jidoka",
        category=Category.QUALITY,
        name=_("Jidoka (stop at the defect)"),
        acts_on=_(
            "The response to an abnormality: the machine or the operator stops as soon as a "
            "defect appears, calls for help (andon) and the cause is treated before "
            "restarting, so defects never flow downstream."
        ),
        when_fits=_(
            "Defects are discovered far downstream or at the customer; machines keep running "
            "while producing scrap; nobody dares to stop the line."
        ),
        indicators=_(
            "First-pass yield; number of andon calls and response time; scrap; defects found "
            "downstream."
        ),
        pitfalls=_(
            "Stopping without a fast response from support teams: operators stop calling. "
            "Blaming the one who stopped the line."
        ),
    ),
    CatalogueEntry(
        code="standard_work",
        category=Category.ORGANISATION,
        name=_("Standard work"),
        acts_on=_(
            "The best known way of doing a task, written with the operators: sequence, time "
            "and standard in-process stock. It stabilises results and is the baseline from "
            "which each improvement starts."
        ),
        when_fits=_(
            "Results vary between shifts or operators; training a newcomer takes long; an "
            "improvement has just been made and must hold."
        ),
        indicators=_(
            "Variation of cycle time between operators; defects linked to the method; training "
            "time of a newcomer; share of stations with an up-to-date standard."
        ),
        pitfalls=_(
            "Standards written in an office and filed away. Never updated after an "
            "improvement. No leader checks that they are applied."
        ),
    ),
    CatalogueEntry(
        code="visual_management",
        category=Category.VISUAL,
        name=_("Visual management"),
        acts_on=_(
            "Making the state of the workplace readable at a glance: performance boards, "
            "hour-by-hour charts, floor marking, min/max levels, so deviations are seen and "
            "handled when they happen."
        ),
        when_fits=_(
            "Nobody on the floor knows whether the shift is ahead or behind; problems are "
            "discovered at the end of the day; meetings rely on reports printed the day "
            "before."
        ),
        indicators=_(
            "Share of deviations noticed during the shift; response time to a deviation; "
            "presence and upkeep of the boards; on-time output."
        ),
        pitfalls=_(
            "Boards full of indicators nobody acts on. Charts updated by an office once a "
            "week. Decorating instead of showing the gap between plan and actual."
        ),
    ),
    CatalogueEntry(
        code="qrqc",
        category=Category.PROBLEM_SOLVING,
        name=_("QRQC and problem solving"),
        acts_on=_(
            "The way problems are handled: quick response at the place where they occur "
            "(go and see real parts, real place), containment, then root cause analysis "
            "(5 whys, Ishikawa, PDCA) and verified countermeasures."
        ),
        when_fits=_(
            "The same problems come back; incidents are fixed without causes; quality "
            "problems are discussed in meetings rooms far from the parts."
        ),
        indicators=_(
            "Number of problems opened and closed; share closed with a verified root cause; "
            "recurrence rate; time to contain."
        ),
        pitfalls=_(
            "Opening more problems than the team can close. Jumping to solutions. Closing "
            "without checking that the effect lasts."
        ),
    ),
    CatalogueEntry(
        code="layout",
        category=Category.FLOW,
        name=_("Layout and spaghetti reduction"),
        acts_on=_(
            "The physical arrangement of machines, stocks and workstations: the spaghetti "
            "diagram of people and parts shows the distances, and the new layout follows the "
            "flow of the product family."
        ),
        when_fits=_(
            "Parts or operators travel long distances; fork-lifts cross the workshop; stocks "
            "sit in the aisles; a move or a new machine is planned anyway."
        ),
        indicators=_(
            "Distance travelled by a part and by an operator (m); handling time; floor space; "
            "lead time."
        ),
        pitfalls=_(
            "Moving heavy machines before testing the layout with cardboard or simulation. "
            "Designing around today's mix only. Forgetting utilities and safety."
        ),
    ),
    CatalogueEntry(
        code="fifo_flow",
        category=Category.FLOW,
        name=_("VSM-driven flow (FIFO lanes)"),
        acts_on=_(
            "The flow between processes designed from the future-state value stream map: FIFO "
            "lanes with a maximum quantity link processes that cannot flow continuously, and "
            "a single pacemaker process receives the schedule."
        ),
        when_fits=_(
            "The value stream map shows many scheduling points and uncontrolled stocks; "
            "priorities change along the route; lead time is many times the processing time."
        ),
        indicators=_(
            "Lead time and its ratio to processing time; inventory in the FIFO lanes; number "
            "of scheduling points; on-time delivery."
        ),
        pitfalls=_(
            "FIFO lanes without a maximum become stocks again. Expediting orders past the "
            "lane. Drawing the future state without the people who run the flow."
        ),
    ),
    CatalogueEntry(
        code="autonomous_maintenance",
        category=Category.EQUIPMENT,
        name=_("Quick response and autonomous maintenance"),
        acts_on=_(
            "Operators clean, inspect, lubricate and tighten their equipment with simple "
            "standards, detect abnormalities early, and a quick-response loop with maintenance "
            "treats them before they become breakdowns."
        ),
        when_fits=_(
            "Breakdowns follow leaks, loose parts or dirt that operators could have seen; "
            "maintenance is far away and slow to come; OEE availability is low."
        ),
        indicators=_(
            "Number of abnormalities tagged and removed; breakdowns per month; MTBF; response "
            "time of maintenance."
        ),
        pitfalls=_(
            "Handing over tasks without training and visual standards. Tags nobody processes. "
            "Treating it as a way to cut maintenance staff."
        ),
    ),
    CatalogueEntry(
        code="kaizen_event",
        category=Category.PROBLEM_SOLVING,
        name=_("Kaizen events"),
        acts_on=_(
            "A focused improvement workshop of three to five days: a cross-functional team "
            "studies one area, tries changes on the floor and leaves with a new standard and "
            "an action list for the rest."
        ),
        when_fits=_(
            "A well-bounded problem needs quick, visible progress and the involvement of "
            "several departments; management can free the team for the whole event."
        ),
        indicators=_(
            "The target indicator of the event (e.g. changeover time, distance, output); "
            "share of the follow-up actions closed within 30 days."
        ),
        pitfalls=_(
            "Events without preparation or data. No follow-up of the 30-day list, so results "
            "fade. Using events as the only way to improve."
        ),
    ),
    CatalogueEntry(
        code="a3",
        category=Category.PROBLEM_SOLVING,
        name=_("A3 thinking"),
        acts_on=_(
            "How a problem or a proposal is reasoned and shared: on one A3 sheet, background, "
            "current state, target, root causes, countermeasures, plan and follow-up, written "
            "with the people concerned and coached by a manager."
        ),
        when_fits=_(
            "A problem crosses departments and needs agreement; a manager wants to coach a "
            "team leader's reasoning; decisions are made on opinions rather than facts."
        ),
        indicators=_(
            "Number of A3 completed and their target indicator; time from problem to "
            "countermeasure; share of A3s with a verified effect."
        ),
        pitfalls=_(
            "Filling the form as paperwork. Writing the A3 alone at a desk. Skipping the "
            "follow-up box."
        ),
    ),
)

BY_CODE: dict[str, CatalogueEntry] = {entry.code: entry for entry in BUILT_IN_LEVERS}

TEXT_FIELDS = ("name", "acts_on", "when_fits", "indicators", "pitfalls")


def sync_builtin_rows(lever_model: type) -> int:
    """Create or refresh the built-in rows of `lever_model` (the model, or the historical one
    a migration passes) with the English texts; returns how many rows were created."""
    from django.utils import translation

    created = 0
    with translation.override("en"):
        for entry in BUILT_IN_LEVERS:
            texts = {field: str(getattr(entry, field)) for field in TEXT_FIELDS}
            _row, is_new = lever_model.objects.update_or_create(
                company=None, code=entry.code, defaults={"category": entry.category, **texts}
            )
            created += is_new
    return created
