// Names of failures and notes, as they appear in traces.
#include "services/common/handler_result.hpp"

namespace sagasim {

std::string_view failure_name(Failure f) {
    switch (f) {
        case Failure::None: return "none";
        case Failure::OrderNotFound: return "OrderNotFoundException";
        case Failure::PaymentExists: return "DataIntegrityViolationException(payments.order_id)";
        case Failure::ShipmentExists: return "DataIntegrityViolationException(shipments.order_id)";
        case Failure::InventoryNotFound: return "InventoryNotFoundException";
        case Failure::RollbackOnly: return "UnexpectedRollbackException";
        case Failure::VersionConflict: return "ObjectOptimisticLockingFailureException";
        case Failure::UniqueViolation: return "DataIntegrityViolationException";
        case Failure::DbOutage: return "CannotCreateTransactionException";
        case Failure::SendTimeout: return "IllegalStateException(send timed out)";
        case Failure::EarlyEvent: return "EarlyEventException(retry later)";
        case Failure::ServiceDown: return "ConnectException(connection refused)";
        case Failure::MetadataTimeout: return "TimeoutException(not present in metadata after 60000 ms)";
        case Failure::InsufficientInventory: return "InsufficientInventoryException";
        case Failure::CommitFailed: return "CommitFailedException";
    }
    return "?";
}

std::string_view note_name(Note n) {
    switch (n) {
        case Note::None: return "none";
        case Note::Created: return "created";
        case Note::Transition: return "transition";
        case Note::DupIgnore: return "dup-ignore";
        case Note::StateIgnore: return "state-ignore";
        case Note::Reserved: return "reserved";
        case Note::InsufficientStock: return "insufficient-stock";
        case Note::SkuNotFound: return "sku-not-found";
        case Note::Released: return "released";
        case Note::NoReservation: return "no-reservation";
        case Note::PaymentSucceeded: return "payment-succeeded";
        case Note::PaymentFailed: return "payment-failed";
        case Note::Shipped: return "shipped";
        case Note::ShipmentFailed: return "shipment-failed";
        case Note::Restocked: return "restocked";
        case Note::Finalized: return "finalized";
        case Note::Refunded: return "refunded";
        case Note::NothingToRefund: return "nothing-to-refund";
        case Note::TimedOut: return "timed-out";
        case Note::CancelRequested: return "cancel-requested";
        case Note::Cancelled: return "cancelled";
        case Note::CancelTooLate: return "cancel-too-late";
        case Note::NotAwaited: return "not-awaited";
        case Note::Fenced: return "fenced";
        case Note::DirectReserved: return "direct-reserved";
    }
    return "?";
}

}  // namespace sagasim
