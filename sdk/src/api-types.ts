/** Generated from docs/openapi.json by `npm --prefix sdk run gen:types` (openapi-typescript). Do not edit. */
export interface paths {
    "/v1/adjustments/{adjustmentId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A second operator approves a pending adjustment */
        post: operations["postV1AdjustmentsByAdjustmentIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{alertId}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take an open alert (it stays open until its condition clears) */
        post: operations["postV1AlertsByAlertIdAcknowledge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/allocation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sales channels, locations and allocation rules in force */
        get: operations["getV1Allocation"];
        /** Replace the sales channels, locations and allocation rules (checked whole; takes effect within seconds on every instance) */
        put: operations["putV1Allocation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bus/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event bus per subscription: backlog, oldest unacknowledged age, dead letters */
        get: operations["getV1BusHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sales velocity (7 and 28 days, per channel) and days of cover, sorted by cover or velocity */
        get: operations["getV1Cover"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A CSV export, streamed */
        get: operations["getV1ExportsByKind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read up to 1,000 SKUs at once */
        get: operations["getV1Inventory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one SKU */
        get: operations["getV1InventoryBySku"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/{sku}/detail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One SKU with its private bookkeeping */
        get: operations["getV1InventoryBySkuDetail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/{sku}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The trail of one SKU, newest first */
        get: operations["getV1InventoryBySkuHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/{sku}/reconcile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A manual count with a reason code; large changes wait for a second operator */
        post: operations["postV1InventoryBySkuReconcile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/{sku}/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move units between sellable, damaged and quality control, or set incoming units and safety stock, with a reason code */
        post: operations["postV1InventoryBySkuUnits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Push a batch of stock counts (JSON or vendor CSV): a small one applied at once, a larger one queued as a job
         * @description Rows are validated one by one: valid rows are queued, refused rows are listed with their index, field and reason. The same source and batchId answer with the first job (idempotent). At most 5000 rows and 2097152 bytes.
         */
        post: operations["postV1InventorySync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A push job's state and counts
         * @description With the source's credentials (`x-inventory-source` and a v2 signature over the GET) or an operator ID token.
         */
        get: operations["getV1JobsByJobId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{jobId}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm or discard a batch the mass-change guard held (an operator, for any vendor) */
        post: operations["postV1JobsByJobIdReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The metrics' running totals as Prometheus text */
        get: operations["getV1Metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The payment provider's webhook: confirms, releases or restocks the hold behind a payment */
        post: operations["postV1PaymentsEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a background reconciliation against the WMS */
        post: operations["postV1ReconciliationRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A reconciliation run: state, phase, progress and results */
        get: operations["getV1ReconciliationRunsByRunId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/slos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The SLOs: each objective's budget left and its burn rate over the last hour, from the stored metrics */
        get: operations["getV1Slos"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sync/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sync as an operator sees it: status, raw error, breaker, last cycle, rollout */
        get: operations["getV1SyncHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traces/{traceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One trace, every span of it (the local exporter; production traces are in Cloud Trace) */
        get: operations["getV1TracesByTraceId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling vendor: its document, feed health and signing keys (never their secrets) */
        get: operations["getV1Vendor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/cover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The vendor's offers by days of cover or sales velocity */
        get: operations["getV1VendorCover"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/drops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Drop a stock file (the vendor panel's upload): a job through the same pipeline as a push
         * @description The raw file as the body (text/csv or application/json, named by `name`), at most 8388608 bytes and 50000 rows. Only `sku` and `onHand` are required; `op` defaults to upsert, `locationId` to main, `seq` and `occurredAt` to the time the file arrived. The same file (name and content) again answers with its first job. A file that cannot be read is a failed job naming line and field.
         */
        post: operations["postV1VendorDrops"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The vendor's push and drop jobs, newest first */
        get: operations["getV1VendorJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the vendor's jobs */
        get: operations["getV1VendorJobsByJobId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/jobs/{jobId}/errors.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's error report: row number, field, message and the original line */
        get: operations["getV1VendorJobsByJobIdErrorsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/jobs/{jobId}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm or discard one of the vendor's batches that the mass-change guard held */
        post: operations["postV1VendorJobsByJobIdReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a push signing key, or rotate to a new one (the previous keys stay valid for the grace period) */
        post: operations["postV1VendorKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/offers.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An export of the vendor's offers (streamed CSV) */
        get: operations["getV1VendorOffersCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendor/offers/{sku}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a manual count of one of the vendor's offers, with a reason code: an operator approves it */
        post: operations["postV1VendorOffersBySkuAdjustments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every vendor, with its feed health */
        get: operations["getV1Vendors"];
        put?: never;
        /** Create a vendor */
        post: operations["postV1Vendors"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendors/{vendorId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend a vendor (its pushes are refused, its offers stop selling) or reactivate it */
        post: operations["postV1VendorsByVendorIdStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/vendors/{vendorId}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a vendor user (or give an existing user the vendorId claim) */
        post: operations["postV1VendorsByVendorIdUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The batch is a job (or was already: the same source and batchId, or the same file, answer with the first answer and job, whose state is the state at acceptance). */
        Accepted: {
            jobId: string;
            accepted: number;
            rejected: components["schemas"]["RowError"][];
            /**
             * @description `done`: a batch of up to INLINE_PUSH_MAX_ROWS rows (default 50) applied before the answer, visible to listeners already; `queued`: a larger batch, applied by the worker (or a small one whose inline apply failed: the worker applies it); `held_for_review`: the mass-change guard holds it until the vendor or an operator confirms or discards it; `failed`: a file that could not be read (its errors name line and field)
             * @enum {string}
             */
            state: "queued" | "processing" | "done" | "failed" | "held_for_review" | "discarded";
            /** @description a held batch: why, and what it would do */
            review?: {
                reasons: string[];
                diff: components["schemas"]["FeedDiff"];
            };
        };
        Acknowledged: {
            alertId: string;
            /** @constant */
            status: "open";
            acknowledgedBy: string;
        };
        AdjustInput: {
            locationId: string;
            onHand: number;
            /** @enum {string} */
            reasonCode: "cycle_count" | "damaged" | "lost" | "found" | "returned" | "correction" | "vendor_cancellation";
            /** @default  */
            note: string;
        };
        Adjustment: {
            adjustmentId: string;
            /** @enum {string} */
            state: "applied" | "pending_approval";
            delta: number;
            /** @description pending_approval: the units changed on this SKU today, this request included */
            unitsToday?: number;
        };
        AdjustmentRequested: {
            adjustmentId: string;
            /** @constant */
            state: "pending_approval";
            delta: number;
            unitsToday?: number;
        };
        /** @description Sales channels, locations and allocation rules (docs/checkout.md "Channels and allocation"). */
        AllocationConfig: {
            /** @description false: nothing configured; the built-in default (one online channel over every location, most stock first) is in force */
            configured: boolean;
            config: {
                [key: string]: unknown;
            };
        };
        Approved: {
            adjustmentId: string;
            /** @constant */
            state: "applied";
        };
        BusHealth: {
            /**
             * @description the bus ledger (adapters/bus-ledger.ts): the system's own count of what it published and handled; Cloud Monitoring has Pub/Sub's
             * @constant
             */
            source: "ledger";
            subscriptions: {
                /** @description the consumer function */
                subscription: string;
                topic: string;
                /** @description messages the topic was given */
                published: number;
                /** @description messages the consumer handled */
                acked: number;
                /** @description messages the consumer gave up on (dead-letter topic) */
                deadLettered: number;
                /** @description published, not yet handled (num_undelivered_messages) */
                backlog: number;
                /** @description age of the oldest message not yet handled, in publish order (oldest_unacked_message_age) */
                oldestUnackedAgeSeconds: number;
                lastAckAt: string | null;
                lastDeadLetterAt: string | null;
            }[];
        };
        /** @description SKUs that sold in the last 28 days, with their velocity and days of cover. */
        CoverList: {
            items: {
                sku: string;
                vendorId: string | null;
                /** @description units available now */
                sellable: number;
                /** @description units sold per day over the last 7 days */
                velocity7: number;
                /** @description units sold per day over the last 28 days */
                velocity28: number;
                /** @description velocity per sales channel */
                channels: {
                    [key: string]: {
                        /** @description units sold per day over the last 7 days */
                        velocity7: number;
                        /** @description units sold per day over the last 28 days */
                        velocity28: number;
                    };
                };
                /** @description days the sellable units last at the 7-day pace (the 28-day one when nothing sold this week); null: nothing sells */
                cover: number | null;
                leadTimeDays: number;
                safetyDays: number;
                /** @description cover below lead time + safety days: the low_cover alert is open */
                low: boolean;
            }[];
        };
        /** @description What the batch would do; nothing was stored, queued or applied. */
        DryRun: {
            /** @constant */
            dryRun: true;
            accepted: number;
            rejected: components["schemas"]["RowError"][];
            diff: components["schemas"]["FeedDiff"];
            /** @description whether the mass-change guard would hold the real batch, and why */
            guard: {
                hold: boolean;
                reasons: string[];
            };
        };
        /** @description A refusal. Some carry more detail (for example `retryAfterSeconds` with a 429, or `runId` with a 409). */
        Error: {
            error: string;
            errors?: components["schemas"]["FieldError"][];
        } & {
            [key: string]: unknown;
        };
        /** @description What a batch does to the stock it names (a vendor: to its offers). */
        FeedDiff: {
            offersCreated: number;
            /** @description existing offers whose attributes change */
            offersChanged: number;
            /** @description offers that had units and would have none */
            offersZeroed: number;
            /** @description offers that had locations and would have none */
            offersDeleted: number;
            unitsAdded: number;
            unitsRemoved: number;
        };
        /** @description late: no feed for longer than the declared cadence */
        FeedHealth: {
            /** @enum {string} */
            state: "on_time" | "late" | "never";
            minutesSinceFeed: number | null;
        };
        /** @description what is wrong, naming the field (`items[2].quantity`, `line 3, field 2`, `(body)`) */
        FieldError: {
            field: string;
            message: string;
        };
        History: {
            sku: string;
            /** @description newest first */
            items: components["schemas"]["TrailItem"][];
        };
        Job: {
            jobId: string;
            source: string;
            batchId: string;
            /** @description the vendor whose key signed the push (null: a system source) */
            vendorId: string | null;
            /** @enum {string} */
            state: "queued" | "processing" | "done" | "failed" | "held_for_review" | "discarded";
            received: number;
            accepted: number;
            rejected: number;
            applied: number;
            duplicate: number;
            stale: number;
            /** @description rows skipped: their SKU is still the legacy system's (rollout share, rollback list, or the feature flag off) */
            notOwned: number;
            errors: components["schemas"]["RowError"][];
            /** @description the last failure; on a `failed` job: "gave up after 5 attempts: …" */
            error: string | null;
            receivedAt: string | null;
            appliedAt: string | null;
            latencyMs: number | null;
            /** @enum {string} */
            mode: "update" | "replace";
            /** @description a vendor batch: what it does to the offers it names */
            diff: components["schemas"]["FeedDiff"] | null;
            /** @description a batch the mass-change guard held: why, and the decision on it */
            review: {
                reasons: string[];
                decision: ("confirm" | "discard") | null;
                reviewedBy: string | null;
                reviewedAt: string | null;
            } | null;
            /** @description a file drop: the file as received */
            file: {
                name: string;
                bytes: number;
                sha256: string;
                /** @enum {string} */
                origin: "upload" | "storage";
                object?: string;
            } | null;
            /** @description the trace of the push that made the job, when it was sampled (GET /v1/traces/{traceId}) */
            traceId: string | null;
        };
        /** @description A vendor's jobs, newest first. */
        JobList: {
            items: components["schemas"]["Job"][];
        };
        KeyInfo: {
            keyId: string;
            createdAt: string | null;
            /** @description null: the current key */
            retiresAt: string | null;
        };
        NewKey: {
            keyId: string;
            /** @description the signing secret, shown this once: it is stored sealed and never answered again */
            secret: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** @description until when the vendor's previous keys stay valid */
            previousValidUntil: string | null;
        };
        PaymentBusy: {
            error: string;
            /** @constant */
            outcome: "busy";
        };
        PaymentEvent: {
            id: string;
            /** @enum {string} */
            type: "payment.succeeded" | "payment.failed" | "payment.refunded";
            created?: number;
            data: {
                paymentId: string;
                amount?: number;
                currency?: string;
            };
        };
        PaymentReceived: {
            /** @constant */
            received: true;
            /** @enum {string} */
            outcome: "confirmed" | "released" | "restocked" | "ignored" | "hold_gone" | "unknown_payment" | "duplicate";
            /** @enum {string} */
            state?: "pending" | "succeeded" | "failed" | "refunded";
        };
        ReconciliationRun: {
            runId: string;
            /** @enum {string} */
            state: "queued" | "running" | "done" | "failed";
            /** @enum {string} */
            phase: "snapshot" | "compare" | "done";
            fix: boolean;
            /** @description `on_demand` or `schedule` */
            trigger: string;
            requestedBy: string | null;
            attempts: number;
            error?: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            startedAt?: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            finishedAt?: string;
            skus?: number;
            positions?: number;
            discrepancies?: number;
            skusWithDiscrepancy?: number;
            /** @description discrepancies per position compared */
            rate?: number;
            fixed?: number;
            byKind?: {
                count_mismatch: number;
                missing_here: number;
                extra_here: number;
                behind: number;
            };
            /** @description where the run is: WMS snapshot pages staged, SKUs compared so far (lastSku), running counts */
            progress: {
                skus: number;
                positions: number;
                discrepancies: number;
                lastSku: string | null;
            } & {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description confirmed (queued to apply exactly as it would have) or discarded */
        Reviewed: {
            jobId: string;
            /** @enum {string} */
            state: "queued" | "discarded";
        };
        ReviewInput: {
            /** @enum {string} */
            decision: "confirm" | "discard";
        };
        /** @description a refused row of a push: its index in `updates` (or CSV record), the field and why */
        RowError: {
            index: number;
            field: string;
            message: string;
        };
        RunQueued: {
            runId: string;
            /** @constant */
            state: "queued";
            /** @description where to follow the run */
            status: string;
        };
        SloReport: {
            /**
             * @description budgetLeft is counted over the running totals of the stored metrics
             * @constant
             */
            window: "totals";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            at: string;
            slos: {
                id: string;
                displayName: string;
                goal: number;
                good: number;
                total: number;
                /** @description good / total; null without events */
                sli: number | null;
                /** @description share of the error budget not spent: 1 untouched, 0 spent, negative overspent */
                budgetLeft: number;
                /** @description budget spent over the last hour as a multiple of what the objective allows (14.4 pages) */
                burnRateLastHour: number | null;
                lastHour: {
                    good: number;
                    total: number;
                };
            }[];
        };
        /** @description One SKU as storefronts see it, with the sync's freshness as of the answer. */
        Stock: {
            sku: string;
            onHand: number;
            reserved: number;
            available: number;
            /** @enum {string} */
            status: "in_stock" | "low_stock" | "out_of_stock";
            syncedAt: string | null;
            updatedAt: string | null;
            version: number;
            /** @description the vendor whose offer this is (offers only) */
            vendorId?: string;
            /** @description the vendor's own code for the offer */
            vendorSku?: string;
            /** @description the catalogue product the offer sells */
            productId?: string;
            /**
             * @description Cardmarket's scale, best first: MT NM EX GD LP PL PO
             * @enum {string}
             */
            condition?: "MT" | "NM" | "EX" | "GD" | "LP" | "PL" | "PO";
            /** @description ISO 639-1 */
            language?: string;
            foil?: boolean;
            signed?: boolean;
            price?: {
                /** @description minor units */
                amount: number;
                currency: string;
            };
            /** @description set while the offer does not sell whatever its count (available is 0): its vendor is suspended, or its feed is stale under a stop-selling policy */
            halt?: ("vendor_suspended" | "feed_stale") | null;
            /** @description the channel asked for (`?channel=`): `available` and `status` are its own */
            channel?: string;
            /** @description with `?channel=`: the totals over every location */
            total?: {
                available: number;
                /** @enum {string} */
                status: "in_stock" | "low_stock" | "out_of_stock";
            };
            /** @description per sales channel (with channels configured): what it can sell, its safety stock kept back */
            channels?: {
                [key: string]: {
                    available: number;
                    /** @enum {string} */
                    status: "in_stock" | "low_stock" | "out_of_stock";
                };
            };
            /** @description when incoming units are expected (the storefront: "back on <date>") */
            backOn?: string | null;
            locations: {
                [key: string]: {
                    onHand: number;
                    seq: number;
                    syncedAt: string | null;
                    incoming?: number;
                    incomingAt?: string | null;
                };
            };
            /** @description Derived at read time: true when no sync cycle has succeeded for the status document's staleAfterSeconds (STALE_AFTER_SECONDS), or none ever did. */
            stale: boolean;
            /** @description When the last sync cycle succeeded (syncStatus/wms.lastSuccessAt). */
            lastSyncSuccessAt: string | null;
        };
        /** @description One SKU as an operator sees it, with the private bookkeeping. */
        StockDetail: {
            sku: string;
            onHand: number;
            reserved: number;
            available: number;
            /** @enum {string} */
            status: "in_stock" | "low_stock" | "out_of_stock";
            syncedAt: string | null;
            updatedAt: string | null;
            version: number;
            locations: {
                [key: string]: {
                    onHand: number;
                    /** @description the WMS's own count, before the sales it has not reflected yet */
                    wmsOnHand: number;
                    seq: number;
                    syncedAt: string | null;
                    pendingSales: {
                        id: string;
                        quantity: number;
                        ackSeq?: number;
                    }[];
                };
            };
            /** @description locations the WMS deleted, with the seq of the deletion */
            removedLocations: {
                [key: string]: number;
            };
            shortfall: number;
            lowStockThreshold: number;
        };
        /** @description One SKU as storefronts see it. */
        StockLevels: {
            sku: string;
            onHand: number;
            reserved: number;
            available: number;
            /** @enum {string} */
            status: "in_stock" | "low_stock" | "out_of_stock";
            syncedAt: string | null;
            updatedAt: string | null;
            version: number;
            /** @description the vendor whose offer this is (offers only) */
            vendorId?: string;
            /** @description the vendor's own code for the offer */
            vendorSku?: string;
            /** @description the catalogue product the offer sells */
            productId?: string;
            /**
             * @description Cardmarket's scale, best first: MT NM EX GD LP PL PO
             * @enum {string}
             */
            condition?: "MT" | "NM" | "EX" | "GD" | "LP" | "PL" | "PO";
            /** @description ISO 639-1 */
            language?: string;
            foil?: boolean;
            signed?: boolean;
            price?: {
                /** @description minor units */
                amount: number;
                currency: string;
            };
            /** @description set while the offer does not sell whatever its count (available is 0): its vendor is suspended, or its feed is stale under a stop-selling policy */
            halt?: ("vendor_suspended" | "feed_stale") | null;
            /** @description the channel asked for (`?channel=`): `available` and `status` are its own */
            channel?: string;
            /** @description with `?channel=`: the totals over every location */
            total?: {
                available: number;
                /** @enum {string} */
                status: "in_stock" | "low_stock" | "out_of_stock";
            };
            /** @description per sales channel (with channels configured): what it can sell, its safety stock kept back */
            channels?: {
                [key: string]: {
                    available: number;
                    /** @enum {string} */
                    status: "in_stock" | "low_stock" | "out_of_stock";
                };
            };
            /** @description when incoming units are expected (the storefront: "back on <date>") */
            backOn?: string | null;
            locations: {
                [key: string]: {
                    onHand: number;
                    seq: number;
                    syncedAt: string | null;
                    incoming?: number;
                    incomingAt?: string | null;
                };
            };
        };
        StockList: {
            items: components["schemas"]["StockLevels"][];
            /** @description asked-for SKUs that do not exist */
            missing: string[];
            /** @description Derived at read time: true when no sync cycle has succeeded for the status document's staleAfterSeconds (STALE_AFTER_SECONDS), or none ever did. */
            stale: boolean;
            /** @description When the last sync cycle succeeded (syncStatus/wms.lastSuccessAt). */
            lastSyncSuccessAt: string | null;
        };
        SyncBatch: {
            source: string;
            batchId: string;
            updates: {
                /** @enum {string} */
                op: "upsert" | "delete";
                sku: string;
                locationId: string;
                onHand?: number;
                seq: number;
                /** Format: date-time */
                occurredAt: string;
                reason?: string;
                damaged?: number;
                qualityControl?: number;
                incoming?: number;
                /** Format: date-time */
                incomingAt?: string;
                safetyStock?: number;
            }[];
        };
        SyncHealth: {
            connectorId: string;
            /** @description syncStatus/{connector}: what storefronts see */
            status: {
                [key: string]: unknown;
            };
            /** @description syncHealth/{connector}: the raw error, the breaker, the failure window, the last cycle */
            health: {
                lastError?: string | null;
            } & {
                [key: string]: unknown;
            };
            state: {
                paused: boolean;
                rolloutPercent: number;
                rolledBack: string[];
                breaker: {
                    /** @enum {string} */
                    state: "closed" | "open" | "half_open";
                    failures: number;
                    openUntil: number | null;
                };
                cursor: string | null;
            };
        };
        /** @description One trace as the local exporter stored it (production: Cloud Trace). */
        Trace: {
            traceId: string;
            /** @description oldest first */
            spans: {
                traceId: string;
                spanId: string;
                parentSpanId: string | null;
                name: string;
                kind: string;
                startMs: number;
                endMs: number;
                /** @enum {string} */
                status: "ok" | "error";
                error?: string;
                /** @description the span attributes: strings, numbers and booleans */
                attributes: {
                    [key: string]: unknown;
                };
            }[];
        };
        TrailItem: {
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            at: string;
            /** @description the event type, `sync.change` (a count the sync or a push received) or `sync.rejected` */
            kind: string;
            count?: number;
            deleted?: boolean;
            /** @enum {string} */
            outcome: "applied" | "duplicate" | "stale" | "rejected";
            source?: string;
            locationId?: string;
            seq?: number;
            batchId?: string;
            eventId?: string;
            /** @description the trace of the change that made this event, when it was sampled (GET /v1/traces/{traceId}) */
            traceId?: string;
            delta?: number;
            before?: {
                onHand: number;
                reserved: number;
                available: number;
            };
            after?: {
                onHand: number;
                reserved: number;
                available: number;
            };
            reservationId?: string;
            actor?: string;
            reason?: string;
        };
        /** @description The location's units after the change. */
        UnitStatesChanged: {
            adjustmentId: string;
            /** @constant */
            state: "applied";
            available: {
                before: number;
                after: number;
            };
            position: {
                onHand: number;
                reserved: number;
                damaged: number;
                qualityControl: number;
                incoming: number;
                incomingAt: string | null;
                safetyStock: number | null;
            };
        };
        Vendor: {
            vendorId: string;
            name: string;
            /** @enum {string} */
            status: "active" | "suspended";
            /** @description how often the vendor declared it sends a feed */
            feedCadenceMinutes: number;
            contactEmails: string[];
            /** @description the low-stock threshold of its new offers */
            lowStockThreshold: number;
            /** @enum {string} */
            staleFeedPolicy: "keep_selling" | "stop_selling";
            createdAt: string | null;
            updatedAt: string | null;
            /** @description when its last push was accepted */
            lastFeedAt: string | null;
        };
        VendorInput: {
            vendorId: string;
            name: string;
            /** @default 15 */
            feedCadenceMinutes: number;
            /** @default [] */
            contactEmails: string[];
            /** @default 2 */
            lowStockThreshold: number;
            /**
             * @default keep_selling
             * @enum {string}
             */
            staleFeedPolicy: "keep_selling" | "stop_selling";
        };
        VendorList: {
            items: {
                vendorId: string;
                name: string;
                /** @enum {string} */
                status: "active" | "suspended";
                /** @description how often the vendor declared it sends a feed */
                feedCadenceMinutes: number;
                contactEmails: string[];
                /** @description the low-stock threshold of its new offers */
                lowStockThreshold: number;
                /** @enum {string} */
                staleFeedPolicy: "keep_selling" | "stop_selling";
                createdAt: string | null;
                updatedAt: string | null;
                /** @description when its last push was accepted */
                lastFeedAt: string | null;
                feed: components["schemas"]["FeedHealth"];
            }[];
        };
        /** @description The calling vendor: its document, feed health and keys (never their secrets). */
        VendorSelf: {
            vendor: components["schemas"]["Vendor"];
            feed: components["schemas"]["FeedHealth"];
            keys: components["schemas"]["KeyInfo"][];
        };
        VendorStatus: {
            vendorId: string;
            /** @enum {string} */
            status: "active" | "suspended";
            /** @description offers whose selling changed */
            offersChanged: number;
        };
        VendorStatusInput: {
            /** @enum {string} */
            status: "active" | "suspended";
            reason?: string;
        };
        VendorUser: {
            uid: string;
            email: string;
            vendorId: string;
            created: boolean;
        };
        VendorUserInput: {
            /** Format: email */
            email: string;
            /** @description omit for a user who signs in another way (a password reset link) */
            password?: string;
            displayName?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    postV1AdjustmentsByAdjustmentIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the adjustment id (an unknown or malformed id answers 404) */
                adjustmentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description applied */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Approved"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such adjustment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not pending, or the count moved since the request (`reason: count_moved`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1AlertsByAlertIdAcknowledge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the alert id (an unknown or malformed id answers 404) */
                alertId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description acknowledged */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Acknowledged"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such alert */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the alert is resolved */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Allocation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the config */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AllocationConfig"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putV1Allocation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    channels: {
                        [key: string]: {
                            /**
                             * @description online channels keep safety stock back; a store sells its shelf
                             * @default online
                             * @enum {string}
                             */
                            kind?: "online" | "store";
                            /**
                             * @description the locations it sells from; null: every location
                             * @default null
                             */
                            locations?: string[] | null;
                            /**
                             * @default most_stock
                             * @enum {string}
                             */
                            strategy?: "priority" | "fewest_shipments" | "nearest" | "most_stock";
                        };
                    };
                    /** @default {} */
                    locations?: {
                        [key: string]: {
                            /**
                             * @default warehouse
                             * @enum {string}
                             */
                            kind?: "warehouse" | "store";
                            /**
                             * @description lower first, for the priority strategy and every tie
                             * @default 100
                             */
                            priority?: number;
                            lat?: number;
                            lng?: number;
                            /**
                             * @description units of each SKU kept back from online channels here
                             * @default 0
                             */
                            safetyStock?: number;
                            leadTimeDays?: number;
                            safetyDays?: number;
                        };
                    };
                    defaultChannel: string;
                    /** @default {} */
                    postcodes?: {
                        [key: string]: {
                            lat: number;
                            lng: number;
                        };
                    };
                    /**
                     * @default {
                     *       "leadTimeDays": 7,
                     *       "safetyDays": 3
                     *     }
                     */
                    defaults?: {
                        leadTimeDays: number;
                        safetyDays: number;
                    };
                };
            };
        };
        responses: {
            /** @description stored and in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AllocationConfig"];
                };
            };
            /** @description bad config, naming each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1BusHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description every watched subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusHealth"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Cover: {
        parameters: {
            query?: {
                /** @description cover: fewest days of cover first (default); velocity: fastest sellers first */
                sort?: "cover" | "velocity";
                /** @description items to answer with (default 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description SKUs that sold in the last 28 days */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CoverList"];
                };
            };
            /** @description a bad sort or limit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1ExportsByKind: {
        parameters: {
            query?: {
                /** @description discrepancies: the run to export (default: the latest run) */
                runId?: string;
            };
            header?: never;
            path: {
                /** @description the export (an unknown one answers 404) */
                kind: "stock" | "reservations" | "discrepancies" | "stock.csv" | "reservations.csv" | "discrepancies.csv";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (formula-like cells neutralised) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description not a run id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such export */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Inventory: {
        parameters: {
            query: {
                /** @description comma-separated SKU ids, at most 1,000 */
                skus: string;
                /** @description a sales channel: `available` and `status` are then that channel's, the totals in `total` */
                channel?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the SKUs that exist, the ones that do not, and the freshness */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockList"];
                };
            };
            /** @description no skus, more than 1,000, one that is not a SKU id, or an unknown channel */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1InventoryBySku: {
        parameters: {
            query?: {
                /** @description a sales channel: `available` and `status` are then that channel's, the totals in `total` */
                channel?: string;
            };
            header?: never;
            path: {
                /** @description the SKU id: no "/" or whitespace, at most 200 characters */
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the SKU, with freshness derived at read time */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stock"];
                };
            };
            /** @description the path is not a SKU id, or an unknown channel */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unknown SKU */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1InventoryBySkuDetail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the SKU id: no "/" or whitespace, at most 200 characters */
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the SKU as an operator sees it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockDetail"];
                };
            };
            /** @description not a SKU id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unknown SKU */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1InventoryBySkuHistory: {
        parameters: {
            query?: {
                /** @description items to answer with (default 100) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description the SKU id: no "/" or whitespace, at most 200 characters */
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description counts received, changes made and rows refused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            /** @description not a SKU id, or a bad limit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1InventoryBySkuReconcile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the SKU id: no "/" or whitespace, at most 200 characters */
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    locationId: string;
                    onHand: number;
                    /** @enum {string} */
                    reasonCode: "cycle_count" | "damaged" | "lost" | "found" | "returned" | "correction" | "vendor_cancellation";
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description applied, or pending approval */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Adjustment"];
                };
            };
            /** @description bad input, naming the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unknown SKU */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1InventoryBySkuUnits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the SKU id: no "/" or whitespace, at most 200 characters */
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    locationId: string;
                    /** @description move units between states: sellable (onHand not in another state), damaged, qualityControl */
                    move?: {
                        /** @enum {string} */
                        from: "sellable" | "damaged" | "qualityControl";
                        /** @enum {string} */
                        to: "sellable" | "damaged" | "qualityControl";
                        quantity: number;
                    };
                    /** @description units on their way to the location (0: none) */
                    incoming?: number;
                    /** @description when they are expected (the storefront says "back on <date>") */
                    incomingAt?: string | null;
                    /** @description this SKU's safety stock here (null: the location's default) */
                    safetyStock?: number | null;
                    /** @enum {string} */
                    reasonCode: "cycle_count" | "damaged" | "lost" | "found" | "returned" | "correction" | "vendor_cancellation" | "quality_check" | "received" | "recall" | "purchase_order";
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description applied (onHand does not change, so no approval) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitStatesChanged"];
                };
            };
            /** @description bad input, naming the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unknown SKU */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not that many units in the state moved from (`move.quantity`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1InventorySync: {
        parameters: {
            query?: {
                /** @description CSV: the source (or the x-inventory-source header) */
                source?: string;
                /** @description CSV: the batch id (or the x-inventory-batch-id header) */
                batchId?: string;
                /** @description true: answer what the batch would do and apply nothing */
                dryRun?: "true" | "false";
                /** @description a vendor's batch: replace means it is the vendor's whole stock (its offers missing from it go to 0) */
                mode?: "update" | "replace";
            };
            header?: {
                /** @description the source (vendor) the request speaks for; CSV: names the source */
                "x-inventory-source"?: string;
                /** @description CSV: the batch id (covered by a v2 signature) */
                "x-inventory-batch-id"?: string;
                /** @description `respond-async` (RFC 7240): queue the batch even when it is small enough to apply in the request */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncBatch"];
                "text/csv": string;
            };
        };
        responses: {
            /** @description `dryRun=true`: what the batch would do; nothing is stored or applied */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DryRun"];
                };
            };
            /** @description applied (`done`, up to INLINE_PUSH_MAX_ROWS rows), queued, or held for review by the mass-change guard (a vendor batch); or the first job of the same batch */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description a CSV or an envelope that does not validate, naming the field (nothing is queued); a body that is not JSON at all is refused by the platform's body parser before the function runs, as text/html */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                    "text/html": string;
                };
            };
            /** @description missing, wrong, expired or replayed signature, or a source other than the one signed (a vendor signs only with its own keys) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the vendor is suspended: its pushes are refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description neither application/json nor text/csv */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description too many batches from this source; retry after `retry-after` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ingestion is not configured (no signing secret): fail closed */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1JobsByJobId: {
        parameters: {
            query?: never;
            header?: {
                /** @description the source that pushed the job (with a v2 signature) */
                "x-inventory-source"?: string;
            };
            path: {
                /** @description the job id (an unknown or malformed id answers 404) */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description no or bad credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description an ID token without the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such job (or another source's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ingestion is not configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1JobsByJobIdReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the job id (an unknown or malformed id answers 404) */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewInput"];
            };
        };
        responses: {
            /** @description confirmed (queued to apply exactly as it would have) or discarded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reviewed"];
                };
            };
            /** @description a decision other than confirm or discard */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the job is not held for review (`state`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format 0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4": string;
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1PaymentsEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PaymentEvent"];
            };
        };
        responses: {
            /** @description handled, or deliberately ignored (a duplicate, an unknown payment, a hold already gone) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentReceived"];
                };
            };
            /** @description an event that does not validate, naming the field; a body that is not JSON at all is refused by the platform's body parser before the function runs, as text/html */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                    "text/html": string;
                };
            };
            /** @description missing, wrong or expired signature */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description another event of this payment is being handled: deliver again */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentBusy"];
                };
            };
            /** @description the webhook secret is not configured: fail closed */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1ReconciliationRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * @description apply the WMS count where they differ (default true)
                     * @default true
                     */
                    fix?: boolean;
                };
            };
        };
        responses: {
            /** @description queued; follow `status` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunQueued"];
                };
            };
            /** @description bad input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a run is in progress (`runId`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1ReconciliationRunsByRunId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the reconciliation run id (an unknown or malformed id answers 404) */
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationRun"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Slos: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description every SLO (domain/slo.ts) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SloReport"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1SyncHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the polling connector */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncHealth"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1TracesByTraceId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                traceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the spans, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Trace"];
                };
            };
            /** @description not a trace id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no span of that trace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Vendor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the vendor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VendorSelf"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the claim names no vendor */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1VendorCover: {
        parameters: {
            query?: {
                /** @description cover: fewest days of cover first (default); velocity: fastest sellers first */
                sort?: "cover" | "velocity";
                /** @description items to answer with (default 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description its offers that sold in the last 28 days */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CoverList"];
                };
            };
            /** @description a bad sort or limit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1VendorDrops: {
        parameters: {
            query: {
                /** @description the file name: .csv or .json */
                name: string;
                /** @description true: answer what the file would do and apply nothing */
                dryRun?: "true" | "false";
                /** @description replace: the file is the vendor's whole stock (its offers missing from it go to 0) */
                mode?: "update" | "replace";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description `dryRun=true`: what the file would do; nothing is stored or applied */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DryRun"];
                };
            };
            /** @description a job: queued, held for review by the mass-change guard, or failed (a file that could not be read, its errors naming line and field) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description a bad file name or query; with dryRun, a file that cannot be read */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a media type other than the file name says */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description too many batches; retry after `retry-after` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1VendorJobs: {
        parameters: {
            query?: {
                /** @description jobs to answer with, newest first (default 50) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description its jobs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobList"];
                };
            };
            /** @description a bad limit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1VendorJobsByJobId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the job id (an unknown or malformed id answers 404) */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such job, or another vendor's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1VendorJobsByJobIdErrorsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the job id (an unknown or malformed id answers 404) */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such job, or another vendor's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1VendorJobsByJobIdReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the job id (an unknown or malformed id answers 404) */
                jobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewInput"];
            };
        };
        responses: {
            /** @description confirmed (queued to apply exactly as it would have) or discarded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reviewed"];
                };
            };
            /** @description a decision other than confirm or discard */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such job, or another vendor's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the job is not held for review (`state`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1VendorKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the new key; its secret is shown this once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewKey"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description vendor keys are not configured (no key-encryption key): fail closed */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1VendorOffersCsv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description its offers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1VendorOffersBySkuAdjustments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the SKU id: no "/" or whitespace, at most 200 characters */
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdjustInput"];
            };
        };
        responses: {
            /** @description waiting for an operator */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjustmentRequested"];
                };
            };
            /** @description a body that does not validate, naming the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token has no vendorId claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such offer, or another vendor's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Vendors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the vendors */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VendorList"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1Vendors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VendorInput"];
            };
        };
        responses: {
            /** @description the vendor, active */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Vendor"];
                };
            };
            /** @description a body that does not validate, naming the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the vendor exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1VendorsByVendorIdStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the vendor id */
                vendorId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VendorStatusInput"];
            };
        };
        responses: {
            /** @description the new status and how many offers changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VendorStatus"];
                };
            };
            /** @description a body that does not validate, naming the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such vendor */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1VendorsByVendorIdUsers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the vendor id */
                vendorId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VendorUserInput"];
            };
        };
        responses: {
            /** @description the user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VendorUser"];
                };
            };
            /** @description a body that does not validate, naming the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no or invalid operator ID token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the ID token lacks the admin claim */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such vendor */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the user is an operator or another vendor's */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
