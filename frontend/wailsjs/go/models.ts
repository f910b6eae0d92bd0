export namespace app {
	
	export class AgentChange {
	    event: number;
	    time: string;
	    kind: string;
	    agent: string;
	    note_id: string;
	    title: string;
	    path: string;
	    version: number;
	    diff: string;
	
	    static createFrom(source: any = {}) {
	        return new AgentChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.event = source["event"];
	        this.time = source["time"];
	        this.kind = source["kind"];
	        this.agent = source["agent"];
	        this.note_id = source["note_id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.version = source["version"];
	        this.diff = source["diff"];
	    }
	}
	export class AgentSettings {
	    private_folders: string[];
	    private_tags: string[];
	    allow_writes: boolean;
	    client_config: string;
	    http_command: string;
	    config_path: string;
	
	    static createFrom(source: any = {}) {
	        return new AgentSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.private_folders = source["private_folders"];
	        this.private_tags = source["private_tags"];
	        this.allow_writes = source["allow_writes"];
	        this.client_config = source["client_config"];
	        this.http_command = source["http_command"];
	        this.config_path = source["config_path"];
	    }
	}
	export class Attached {
	    id: string;
	    path: string;
	    markdown: string;
	
	    static createFrom(source: any = {}) {
	        return new Attached(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.path = source["path"];
	        this.markdown = source["markdown"];
	    }
	}
	export class ConnectionTest {
	    ok: boolean;
	    version: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new ConnectionTest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.version = source["version"];
	        this.message = source["message"];
	    }
	}
	export class DailySettings {
	    folder: string;
	    format: string;
	    template: string;
	    example: string;
	
	    static createFrom(source: any = {}) {
	        return new DailySettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.folder = source["folder"];
	        this.format = source["format"];
	        this.template = source["template"];
	        this.example = source["example"];
	    }
	}
	export class EmbedderTest {
	    ok: boolean;
	    model: string;
	    dim: number;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new EmbedderTest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.model = source["model"];
	        this.dim = source["dim"];
	        this.message = source["message"];
	    }
	}
	export class ExportResult {
	    canceled: boolean;
	    report?: exporter.Report;
	
	    static createFrom(source: any = {}) {
	        return new ExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.canceled = source["canceled"];
	        this.report = this.convertValues(source["report"], exporter.Report);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IndexerState {
	    running: boolean;
	    paused: boolean;
	    embedded: number;
	    last_error: string;
	
	    static createFrom(source: any = {}) {
	        return new IndexerState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.paused = source["paused"];
	        this.embedded = source["embedded"];
	        this.last_error = source["last_error"];
	    }
	}
	export class RelatedReason {
	    kind: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new RelatedReason(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.text = source["text"];
	    }
	}
	export class Related {
	    id: string;
	    title: string;
	    path: string;
	    similarity: number;
	    why: string;
	    reasons: RelatedReason[];
	
	    static createFrom(source: any = {}) {
	        return new Related(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.similarity = source["similarity"];
	        this.why = source["why"];
	        this.reasons = this.convertValues(source["reasons"], RelatedReason);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ServerStatus {
	    postgres: stack.PostgresStatus;
	    neo4j: stack.ProjectionStatus;
	    qdrant: stack.ProjectionStatus;
	    embeddings: stack.EmbeddingsStatus;
	    indexer: IndexerState;
	
	    static createFrom(source: any = {}) {
	        return new ServerStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.postgres = this.convertValues(source["postgres"], stack.PostgresStatus);
	        this.neo4j = this.convertValues(source["neo4j"], stack.ProjectionStatus);
	        this.qdrant = this.convertValues(source["qdrant"], stack.ProjectionStatus);
	        this.embeddings = this.convertValues(source["embeddings"], stack.EmbeddingsStatus);
	        this.indexer = this.convertValues(source["indexer"], IndexerState);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Settings {
	    config_path: string;
	    data_dir: string;
	    postgres_dsn: string;
	    postgres_dsn_set: boolean;
	    neo4j_uri: string;
	    neo4j_user: string;
	    neo4j_password: string;
	    neo4j_password_set: boolean;
	    neo4j_database: string;
	    qdrant_addr: string;
	    qdrant_api_key: string;
	    qdrant_api_key_set: boolean;
	    embed_api: string;
	    embed_url: string;
	    embed_model: string;
	    embed_dim: number;
	    embed_api_key: string;
	    embed_api_key_set: boolean;
	    from_env: string[];
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.config_path = source["config_path"];
	        this.data_dir = source["data_dir"];
	        this.postgres_dsn = source["postgres_dsn"];
	        this.postgres_dsn_set = source["postgres_dsn_set"];
	        this.neo4j_uri = source["neo4j_uri"];
	        this.neo4j_user = source["neo4j_user"];
	        this.neo4j_password = source["neo4j_password"];
	        this.neo4j_password_set = source["neo4j_password_set"];
	        this.neo4j_database = source["neo4j_database"];
	        this.qdrant_addr = source["qdrant_addr"];
	        this.qdrant_api_key = source["qdrant_api_key"];
	        this.qdrant_api_key_set = source["qdrant_api_key_set"];
	        this.embed_api = source["embed_api"];
	        this.embed_url = source["embed_url"];
	        this.embed_model = source["embed_model"];
	        this.embed_dim = source["embed_dim"];
	        this.embed_api_key = source["embed_api_key"];
	        this.embed_api_key_set = source["embed_api_key_set"];
	        this.from_env = source["from_env"];
	    }
	}
	export class StartupProgress {
	    phase: string;
	    fraction: number;
	    message: string;
	    done: boolean;
	
	    static createFrom(source: any = {}) {
	        return new StartupProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phase = source["phase"];
	        this.fraction = source["fraction"];
	        this.message = source["message"];
	        this.done = source["done"];
	    }
	}
	export class Status {
	    ready: boolean;
	    error?: dto.Error;
	    postgres: stack.PostgresStatus;
	    server: string;
	    version: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ready = source["ready"];
	        this.error = this.convertValues(source["error"], dto.Error);
	        this.postgres = this.convertValues(source["postgres"], stack.PostgresStatus);
	        this.server = source["server"];
	        this.version = source["version"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace dto {
	
	export class Activity {
	    created: number;
	    edited: number;
	    renamed: number;
	    trashed: number;
	    restored: number;
	    wordsAdded: number;
	    wordsRemoved: number;
	
	    static createFrom(source: any = {}) {
	        return new Activity(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.edited = source["edited"];
	        this.renamed = source["renamed"];
	        this.trashed = source["trashed"];
	        this.restored = source["restored"];
	        this.wordsAdded = source["wordsAdded"];
	        this.wordsRemoved = source["wordsRemoved"];
	    }
	}
	export class AsOfHit {
	    id: string;
	    title: string;
	    path: string;
	    version: number;
	    at: string;
	    score: number;
	    snippet: string;
	
	    static createFrom(source: any = {}) {
	        return new AsOfHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.version = source["version"];
	        this.at = source["at"];
	        this.score = source["score"];
	        this.snippet = source["snippet"];
	    }
	}
	export class AsOfNote {
	    id: string;
	    title: string;
	    path: string;
	    version: number;
	    at: string;
	    body: string;
	
	    static createFrom(source: any = {}) {
	        return new AsOfNote(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.version = source["version"];
	        this.at = source["at"];
	        this.body = source["body"];
	    }
	}
	export class AsOfVault {
	    at: string;
	    firstChange: string;
	    empty: boolean;
	    notes: number;
	    purged: number;
	
	    static createFrom(source: any = {}) {
	        return new AsOfVault(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.firstChange = source["firstChange"];
	        this.empty = source["empty"];
	        this.notes = source["notes"];
	        this.purged = source["purged"];
	    }
	}
	export class Backlink {
	    source_id: string;
	    source_title: string;
	    source_path: string;
	    context: string;
	
	    static createFrom(source: any = {}) {
	        return new Backlink(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source_id = source["source_id"];
	        this.source_title = source["source_title"];
	        this.source_path = source["source_path"];
	        this.context = source["context"];
	    }
	}
	export class NoteSummary {
	    id: string;
	    title: string;
	    path: string;
	    version: number;
	    created_at: string;
	    updated_at: string;
	    trashed_at?: string;
	
	    static createFrom(source: any = {}) {
	        return new NoteSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.version = source["version"];
	        this.created_at = source["created_at"];
	        this.updated_at = source["updated_at"];
	        this.trashed_at = source["trashed_at"];
	    }
	}
	export class DailyNeighbors {
	    date: string;
	    prev?: NoteSummary;
	    next?: NoteSummary;
	
	    static createFrom(source: any = {}) {
	        return new DailyNeighbors(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.prev = this.convertValues(source["prev"], NoteSummary);
	        this.next = this.convertValues(source["next"], NoteSummary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DatedNote {
	    id: string;
	    title: string;
	    path: string;
	    date: string;
	    kind: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new DatedNote(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.date = source["date"];
	        this.kind = source["kind"];
	        this.detail = source["detail"];
	    }
	}
	export class DayNote {
	    id: string;
	    title: string;
	    path: string;
	    created: number;
	    edited: number;
	    renamed: number;
	    trashed: number;
	    restored: number;
	    wordsAdded: number;
	    wordsRemoved: number;
	    first: string;
	    last: string;
	    inTrash: boolean;
	    gone: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DayNote(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.created = source["created"];
	        this.edited = source["edited"];
	        this.renamed = source["renamed"];
	        this.trashed = source["trashed"];
	        this.restored = source["restored"];
	        this.wordsAdded = source["wordsAdded"];
	        this.wordsRemoved = source["wordsRemoved"];
	        this.first = source["first"];
	        this.last = source["last"];
	        this.inTrash = source["inTrash"];
	        this.gone = source["gone"];
	    }
	}
	export class DayActivity {
	    date: string;
	    zone: string;
	    notes: DayNote[];
	    total: Activity;
	    dated: DatedNote[];
	
	    static createFrom(source: any = {}) {
	        return new DayActivity(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.zone = source["zone"];
	        this.notes = this.convertValues(source["notes"], DayNote);
	        this.total = this.convertValues(source["total"], Activity);
	        this.dated = this.convertValues(source["dated"], DatedNote);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Error {
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Error(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}
	export class Folder {
	    path: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Folder(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.count = source["count"];
	    }
	}
	export class GraphEdge {
	    source: string;
	    target: string;
	    type: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new GraphEdge(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.target = source["target"];
	        this.type = source["type"];
	        this.count = source["count"];
	    }
	}
	export class GraphNode {
	    id: string;
	    title: string;
	    labels: string[];
	    degree: number;
	    cluster: number;
	
	    static createFrom(source: any = {}) {
	        return new GraphNode(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.labels = source["labels"];
	        this.degree = source["degree"];
	        this.cluster = source["cluster"];
	    }
	}
	export class Link {
	    target: string;
	    anchor: string;
	    alias: string;
	    kind: string;
	    rel?: string;
	    resolved_id: string;
	    resolved_title: string;
	    attachment_id: string;
	
	    static createFrom(source: any = {}) {
	        return new Link(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.anchor = source["anchor"];
	        this.alias = source["alias"];
	        this.kind = source["kind"];
	        this.rel = source["rel"];
	        this.resolved_id = source["resolved_id"];
	        this.resolved_title = source["resolved_title"];
	        this.attachment_id = source["attachment_id"];
	    }
	}
	export class Note {
	    id: string;
	    title: string;
	    path: string;
	    body: string;
	    version: number;
	    created_at: string;
	    updated_at: string;
	    trashed_at?: string;
	
	    static createFrom(source: any = {}) {
	        return new Note(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.body = source["body"];
	        this.version = source["version"];
	        this.created_at = source["created_at"];
	        this.updated_at = source["updated_at"];
	        this.trashed_at = source["trashed_at"];
	    }
	}
	export class NoteChange {
	    seq: number;
	    version: number;
	    at: string;
	    kind: string;
	    origin: string;
	    title: string;
	    path: string;
	    wordsAdded: number;
	    wordsRemoved: number;
	
	    static createFrom(source: any = {}) {
	        return new NoteChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.version = source["version"];
	        this.at = source["at"];
	        this.kind = source["kind"];
	        this.origin = source["origin"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.wordsAdded = source["wordsAdded"];
	        this.wordsRemoved = source["wordsRemoved"];
	    }
	}
	export class NotePage {
	    notes: NoteSummary[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new NotePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.notes = this.convertValues(source["notes"], NoteSummary);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class YearNotes {
	    year: number;
	    notes: DayNote[];
	
	    static createFrom(source: any = {}) {
	        return new YearNotes(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.year = source["year"];
	        this.notes = this.convertValues(source["notes"], DayNote);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OnThisDay {
	    date: string;
	    zone: string;
	    years: YearNotes[];
	    dated: DatedNote[];
	
	    static createFrom(source: any = {}) {
	        return new OnThisDay(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.zone = source["zone"];
	        this.years = this.convertValues(source["years"], YearNotes);
	        this.dated = this.convertValues(source["dated"], DatedNote);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Restored {
	    id: string;
	    title: string;
	    path: string;
	    fromVersion: number;
	    version: number;
	    action: string;
	    reason: string;
	    untrashed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Restored(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.fromVersion = source["fromVersion"];
	        this.version = source["version"];
	        this.action = source["action"];
	        this.reason = source["reason"];
	        this.untrashed = source["untrashed"];
	    }
	}
	export class SearchHit {
	    id: string;
	    title: string;
	    path: string;
	    score: number;
	    snippet: string;
	    why: string;
	    updated_at: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.score = source["score"];
	        this.snippet = source["snippet"];
	        this.why = source["why"];
	        this.updated_at = source["updated_at"];
	    }
	}
	export class SearchRequest {
	    text: string;
	    mode: string;
	    limit: number;
	    prefix: boolean;
	    tags: string[];
	    folder: string;
	    type: string;
	    after: string;
	    before: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.mode = source["mode"];
	        this.limit = source["limit"];
	        this.prefix = source["prefix"];
	        this.tags = source["tags"];
	        this.folder = source["folder"];
	        this.type = source["type"];
	        this.after = source["after"];
	        this.before = source["before"];
	    }
	}
	export class Subgraph {
	    nodes: GraphNode[];
	    edges: GraphEdge[];
	    truncated: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Subgraph(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.nodes = this.convertValues(source["nodes"], GraphNode);
	        this.edges = this.convertValues(source["edges"], GraphEdge);
	        this.truncated = source["truncated"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncStatus {
	    configured: boolean;
	    hub: string;
	    device: string;
	    pushed_seq: number;
	    pulled_seq: number;
	    pending_out: number;
	    pending_in: number;
	    conflicts: number;
	    pending_trash: number;
	    last_error: string;
	    last_sync_at: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.hub = source["hub"];
	        this.device = source["device"];
	        this.pushed_seq = source["pushed_seq"];
	        this.pulled_seq = source["pulled_seq"];
	        this.pending_out = source["pending_out"];
	        this.pending_in = source["pending_in"];
	        this.conflicts = source["conflicts"];
	        this.pending_trash = source["pending_trash"];
	        this.last_error = source["last_error"];
	        this.last_sync_at = source["last_sync_at"];
	    }
	}
	export class SyncSetup {
	    created: boolean;
	    device: string;
	    recovery_code: string;
	    status: SyncStatus;
	
	    static createFrom(source: any = {}) {
	        return new SyncSetup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.device = source["device"];
	        this.recovery_code = source["recovery_code"];
	        this.status = this.convertValues(source["status"], SyncStatus);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Tag {
	    name: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Tag(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.count = source["count"];
	    }
	}
	export class TemplateSettings {
	    folder: string;
	    date_format: string;
	    time_format: string;
	    daily_template: string;
	
	    static createFrom(source: any = {}) {
	        return new TemplateSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.folder = source["folder"];
	        this.date_format = source["date_format"];
	        this.time_format = source["time_format"];
	        this.daily_template = source["daily_template"];
	    }
	}
	export class TimelineBucket {
	    start: string;
	    day: string;
	    created: number;
	    edited: number;
	    renamed: number;
	    trashed: number;
	    restored: number;
	    wordsAdded: number;
	    wordsRemoved: number;
	    notes: number;
	
	    static createFrom(source: any = {}) {
	        return new TimelineBucket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.day = source["day"];
	        this.created = source["created"];
	        this.edited = source["edited"];
	        this.renamed = source["renamed"];
	        this.trashed = source["trashed"];
	        this.restored = source["restored"];
	        this.wordsAdded = source["wordsAdded"];
	        this.wordsRemoved = source["wordsRemoved"];
	        this.notes = source["notes"];
	    }
	}
	export class TimelineRequest {
	    from: string;
	    to: string;
	    bucket: string;
	    folder: string;
	    tag: string;
	    type: string;
	    noteId: string;
	    zone: string;
	
	    static createFrom(source: any = {}) {
	        return new TimelineRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.bucket = source["bucket"];
	        this.folder = source["folder"];
	        this.tag = source["tag"];
	        this.type = source["type"];
	        this.noteId = source["noteId"];
	        this.zone = source["zone"];
	    }
	}
	export class TimelineSeries {
	    from: string;
	    to: string;
	    bucket: string;
	    zone: string;
	    buckets: TimelineBucket[];
	    total: Activity;
	
	    static createFrom(source: any = {}) {
	        return new TimelineSeries(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.bucket = source["bucket"];
	        this.zone = source["zone"];
	        this.buckets = this.convertValues(source["buckets"], TimelineBucket);
	        this.total = this.convertValues(source["total"], Activity);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TitleMatch {
	    id: string;
	    title: string;
	    path: string;
	    alias: string;
	
	    static createFrom(source: any = {}) {
	        return new TitleMatch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.alias = source["alias"];
	    }
	}
	export class VaultConflict {
	    id: string;
	    note_id: string;
	    title: string;
	    path: string;
	    conflict_path: string;
	    created: string;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new VaultConflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.note_id = source["note_id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.conflict_path = source["conflict_path"];
	        this.created = source["created"];
	        this.source = source["source"];
	    }
	}
	export class VaultConflictDetail {
	    id: string;
	    note_id: string;
	    title: string;
	    path: string;
	    conflict_path: string;
	    created: string;
	    source: string;
	    note_text: string;
	    file_text: string;
	    note_version: number;
	
	    static createFrom(source: any = {}) {
	        return new VaultConflictDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.note_id = source["note_id"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.conflict_path = source["conflict_path"];
	        this.created = source["created"];
	        this.source = source["source"];
	        this.note_text = source["note_text"];
	        this.file_text = source["file_text"];
	        this.note_version = source["note_version"];
	    }
	}
	export class VaultIssue {
	    path: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new VaultIssue(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.message = source["message"];
	    }
	}
	export class VaultStatus {
	    path: string;
	    attached: boolean;
	    watching: boolean;
	    polling: boolean;
	    lag_events: number;
	    pending_external: number;
	    conflicts: number;
	    pending_deletions: number;
	    last_error: string;
	    issues: VaultIssue[];
	
	    static createFrom(source: any = {}) {
	        return new VaultStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.attached = source["attached"];
	        this.watching = source["watching"];
	        this.polling = source["polling"];
	        this.lag_events = source["lag_events"];
	        this.pending_external = source["pending_external"];
	        this.conflicts = source["conflicts"];
	        this.pending_deletions = source["pending_deletions"];
	        this.last_error = source["last_error"];
	        this.issues = this.convertValues(source["issues"], VaultIssue);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Version {
	    seq: number;
	    version: number;
	    kind: string;
	    title: string;
	    path: string;
	    at: string;
	    body?: string;
	    purged?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Version(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.version = source["version"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.path = source["path"];
	        this.at = source["at"];
	        this.body = source["body"];
	        this.purged = source["purged"];
	    }
	}

}

export namespace exporter {
	
	export class Renamed {
	    path: string;
	    new_path: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new Renamed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.new_path = source["new_path"];
	        this.reason = source["reason"];
	    }
	}
	export class Report {
	    path: string;
	    notes: number;
	    attachments: number;
	    bytes: number;
	    missing_attachments: string[];
	    renamed: Renamed[];
	    duration_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.notes = source["notes"];
	        this.attachments = source["attachments"];
	        this.bytes = source["bytes"];
	        this.missing_attachments = source["missing_attachments"];
	        this.renamed = this.convertValues(source["renamed"], Renamed);
	        this.duration_ms = source["duration_ms"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace pgserver {
	
	export class AccessChange {
	    path: string;
	    user: string;
	    change: string;
	    mode_before: string;
	    // Go type: time
	    at: any;
	
	    static createFrom(source: any = {}) {
	        return new AccessChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.user = source["user"];
	        this.change = source["change"];
	        this.mode_before = source["mode_before"];
	        this.at = this.convertValues(source["at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace stack {
	
	export class EmbeddingsStatus {
	    model: string;
	    indexed: number;
	    total: number;
	    failed: number;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new EmbeddingsStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.model = source["model"];
	        this.indexed = source["indexed"];
	        this.total = source["total"];
	        this.failed = source["failed"];
	        this.error = source["error"];
	    }
	}
	export class PostgresStatus {
	    ok: boolean;
	    mode: string;
	    version?: string;
	    data_dir?: string;
	    owned: boolean;
	    clients: number;
	    idle_stop?: string;
	    run_as?: string;
	    access_changes?: pgserver.AccessChange[];
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new PostgresStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.mode = source["mode"];
	        this.version = source["version"];
	        this.data_dir = source["data_dir"];
	        this.owned = source["owned"];
	        this.clients = source["clients"];
	        this.idle_stop = source["idle_stop"];
	        this.run_as = source["run_as"];
	        this.access_changes = this.convertValues(source["access_changes"], pgserver.AccessChange);
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProjectionStatus {
	    configured: boolean;
	    ok: boolean;
	    lag_events: number;
	    lag_seconds: number;
	    last_error: string;
	    server?: string;
	    queries?: string;
	
	    static createFrom(source: any = {}) {
	        return new ProjectionStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.ok = source["ok"];
	        this.lag_events = source["lag_events"];
	        this.lag_seconds = source["lag_seconds"];
	        this.last_error = source["last_error"];
	        this.server = source["server"];
	        this.queries = source["queries"];
	    }
	}

}

