'use strict';

// Raw (pre-rewrite) notification frames pushed by the bench server.
// Identities follow docs/protocol.md, "Identities": old agent ids (accountId.userId) in `participants` and
// `originatorId`, PIDs in `participantsPId` / `originatorPId`.

const ACCOUNT_ID = '2344566';
const USER_ID = '1282051932';
const USER_PID = 'f675416a-7d5a-5d06-a7bd-bdf5fcc426a1';
const LEGACY_ID = `${ACCOUNT_ID}.${USER_ID}`;

function hex(n, len) {
    return n.toString(16).padStart(len, '0').slice(-len);
}

function fakeUuid(seed) {
    const h = hex(seed * 2654435761 >>> 0, 8);
    return `${h}-${hex(seed, 4)}-4${hex(seed * 7, 3)}-a${hex(seed * 13, 3)}-${hex(seed * 31, 12)}`;
}

// docs/protocol.md, "OnlineEventDistribution": one event per frame, body is the event record.
// Returns a function seq -> frame string (cheap: only the sequence varies).
function onlineEventFrameFactory() {
    const dialogId = '41d33e78-9701-4edd-a569-01dfb6c0f40a';
    const head = '{"kind":"notification","type":".ams.ms.OnlineEventDistribution","body":{"sequence":';
    const tail = JSON.stringify({
        dialogId,
        conversationId: dialogId,
        originatorId: '89476943.282467514',
        originatorPId: '393c6873-756d-54af-86e1-8795d57eba14',
        originatorClientProperties: { type: '.ClientProperties', ipAddress: '172.26.138.213' },
        originatorMetadata: {
            id: '393c6873-756d-54af-86e1-8795d57eba14',
            role: 'ASSIGNED_AGENT',
            clientProperties: { type: '.ClientProperties', ipAddress: '172.26.138.213' },
        },
        serverTimestamp: 1517002351775,
        metadata: [{ type: 'ExternalId', id: 'MY_CARD_ID' }],
        event: { type: 'ContentEvent', message: '16:32:31 GMT-0500 (EST) hello there', contentType: 'text/plain' },
    }).slice(1); // drop the leading '{'
    return (seq) => head + seq + ',' + tail + '}';
}

// docs/protocol.md, "ExConversationChangeNotification": a realistic ExConversationChange: one UPSERT change, a conversation with
// 50 participants (1 consumer, 1 assigned agent = us, 8 managers, 20 readers, 20 agents)
// and 5 MESSAGING dialogs (MAIN + 4 POST_SURVEY), each listing all 50 participants.
function exConversationChangeBody(seed) {
    const convId = fakeUuid(seed + 1);
    const consumer = hex(seed * 977 + 12345, 16).repeat(4);
    const roles = [
        ['CONSUMER', 1],
        ['ASSIGNED_AGENT', 1],
        ['MANAGER', 8],
        ['READER', 20],
        ['AGENT', 20],
    ];
    const participants = {};
    const participantsPId = {};
    let k = 0;
    for (const [role, count] of roles) {
        participants[role] = [];
        participantsPId[role] = [];
        for (let i = 0; i < count; i++, k++) {
            if (role === 'CONSUMER') {
                participants[role].push(consumer);
                participantsPId[role].push(consumer);
            } else if (role === 'ASSIGNED_AGENT') {
                participants[role].push(LEGACY_ID);
                participantsPId[role].push(USER_PID);
            } else {
                participants[role].push(`${ACCOUNT_ID}.${3000000000 + k}`);
                participantsPId[role].push(fakeUuid(1000 + k));
            }
        }
    }
    const dialogs = [];
    for (let d = 0; d < 5; d++) {
        const details = [];
        for (const [role] of roles) {
            for (const id of participants[role]) details.push({ id, role, state: 'ACTIVE' });
        }
        dialogs.push({
            dialogId: d === 0 ? convId : `5rLPNzXpRl-oV56TlNuC${d}g`,
            dialogType: d === 0 ? 'MAIN' : 'POST_SURVEY',
            channelType: 'MESSAGING',
            state: d === 4 ? 'OPEN' : 'CLOSE',
            creationTs: 1564685380489 + d * 1000,
            metaDataLastUpdateTs: 1564685391000 + d * 1000,
            ...(d === 0 ? {} : { metaData: { appInstallId: fakeUuid(500 + d) } }),
            ...(d === 4 ? {} : { endTs: 1564685399000 + d * 1000, closedBy: 'AGENT', closedCause: 'Closed by agent' }),
            participantsDetails: details,
        });
    }
    return {
        subscriptionId: 'e7f5ee81-4556-406c-8c72-94c69dd68fad',
        changes: [{
            type: 'UPSERT',
            result: {
                convId,
                effectiveTTR: -1,
                lastUpdateTime: 1564734095888,
                numberOfunreadMessages: { [LEGACY_ID]: 0 },
                conversationDetails: {
                    convId,
                    skillId: '1251428632',
                    brandId: ACCOUNT_ID,
                    participants,
                    participantsPId,
                    dialogs,
                    state: 'OPEN',
                    stage: 'OPEN',
                    startTs: 1564685380489,
                    metaDataLastUpdateTs: 1564685391000,
                    firstConversation: false,
                    csatRate: 0,
                    note: '',
                    groupId: '-1',
                    ttr: { ttrType: 'NORMAL', value: 1200 },
                    context: {
                        type: 'CustomContext',
                        name: 'WhatsApp Business',
                        clientProperties: { type: '.ClientProperties', appId: 'whatsapp' },
                    },
                    conversationHandlerDetails: { accountId: ACCOUNT_ID, skillId: '1251428632' },
                },
                lastContentEventNotification: {
                    sequence: 3,
                    originatorId: consumer,
                    originatorPId: consumer,
                    originatorMetadata: { id: consumer, role: 'CONSUMER' },
                    serverTimestamp: 1564685390000,
                    event: { type: 'ContentEvent', message: 'hi', contentType: 'text/plain' },
                    dialogId: convId,
                },
            },
        }],
    };
}

function exConversationFrameFactory() {
    // a handful of distinct conversations, rotated, so frames are not byte-identical
    const frames = [];
    for (let i = 0; i < 8; i++) {
        frames.push(JSON.stringify({
            kind: 'notification',
            type: '.ams.aam.ExConversationChangeNotification',
            body: exConversationChangeBody(i),
        }));
    }
    return (seq) => frames[seq % frames.length];
}

module.exports = {
    ACCOUNT_ID,
    USER_ID,
    USER_PID,
    LEGACY_ID,
    onlineEventFrameFactory,
    exConversationFrameFactory,
    exConversationChangeBody,
};
