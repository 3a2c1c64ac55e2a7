package dev.crm.opportunity.api;

import static dev.crm.platform.web.Inputs.clean;

import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.events.v1.opportunity.OpportunitySteps;
import dev.crm.platform.web.Inputs.MoneyInput;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * Every step of the sales process by its name, the shape a steps merge patch is applied to. The steps that read a
 * field of the opportunity (identifyContact is contactId, estimatedBudget is budgetAmount...) change that field.
 */
public class ProcessStepsInput {

    // QUALIFY
    @Size(max = 64)
    public String identifyContact;

    @Size(max = 64)
    public String identifyAccount;

    public PurchaseTimeframe purchaseTimeframe;

    @Valid
    public MoneyInput estimatedBudget;

    public PurchaseProcess purchaseProcess;
    public Boolean identifyDecisionMaker;

    @Size(max = 2000)
    @MultiLine
    public String captureSummary;
    // DEVELOP
    @Size(max = 2000)
    @MultiLine
    public String customerNeed;

    @Size(max = 2000)
    @MultiLine
    public String proposedSolution;

    public Boolean identifyStakeholders;
    public Boolean identifyCompetitors;
    // PROPOSE
    public Boolean identifySalesTeam;
    public Boolean developProposal;
    public Boolean completeInternalReview;
    public Boolean presentProposal;
    // CLOSE
    public Boolean completeFinalProposal;
    public Boolean presentFinalProposal;
    public LocalDate confirmDecisionDate;
    public Boolean sendThankYouNote;
    public Boolean fileDebrief;

    public static ProcessStepsInput from(OpportunityDetails d, OpportunitySteps s) {
        ProcessStepsInput in = new ProcessStepsInput();
        in.identifyContact = d.contactId();
        in.identifyAccount = d.accountId();
        in.purchaseTimeframe = d.purchaseTimeframe();
        in.estimatedBudget = d.budgetAmount() == null ? null : money(d.budgetAmount());
        in.purchaseProcess = d.purchaseProcess();
        in.identifyDecisionMaker = s.identifyDecisionMaker();
        in.captureSummary = s.captureSummary();
        in.customerNeed = d.customerNeed();
        in.proposedSolution = d.proposedSolution();
        in.identifyStakeholders = s.identifyStakeholders();
        in.identifyCompetitors = s.identifyCompetitors();
        in.identifySalesTeam = s.identifySalesTeam();
        in.developProposal = s.developProposal();
        in.completeInternalReview = s.completeInternalReview();
        in.presentProposal = s.presentProposal();
        in.completeFinalProposal = s.completeFinalProposal();
        in.presentFinalProposal = s.presentFinalProposal();
        in.confirmDecisionDate = s.confirmDecisionDate();
        in.sendThankYouNote = s.sendThankYouNote();
        in.fileDebrief = s.fileDebrief();
        return in;
    }

    /** {@code current} with the fields these steps read. */
    public OpportunityDetails toDetails(OpportunityDetails current) {
        return current.toBuilder()
                .contactId(clean(identifyContact))
                .accountId(clean(identifyAccount))
                .purchaseTimeframe(purchaseTimeframe)
                .budgetAmount(MoneyInput.toMoney(estimatedBudget))
                .purchaseProcess(purchaseProcess)
                .customerNeed(clean(customerNeed))
                .proposedSolution(clean(proposedSolution))
                .build();
    }

    public OpportunitySteps toSteps() {
        return new OpportunitySteps(
                identifyDecisionMaker,
                clean(captureSummary),
                identifyStakeholders,
                identifyCompetitors,
                identifySalesTeam,
                developProposal,
                completeInternalReview,
                presentProposal,
                completeFinalProposal,
                presentFinalProposal,
                confirmDecisionDate,
                sendThankYouNote,
                fileDebrief);
    }

    private static MoneyInput money(dev.crm.events.v1.Money money) {
        MoneyInput in = new MoneyInput();
        in.amount = money.amount();
        in.currency = money.currency();
        return in;
    }
}
