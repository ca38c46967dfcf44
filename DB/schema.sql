-- TagMedX schema for MySQL 8 / MariaDB 10.6+, generated from the Alembic migrations by
-- `python -m tagmedx schema-sql` (make schema). Do not edit: the migrations are its only author.
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001

CREATE TABLE audit_events (
    id INTEGER NOT NULL AUTO_INCREMENT,
    at DATETIME(6) NOT NULL,
    group_id INTEGER,
    user_id INTEGER,
    action VARCHAR(64) NOT NULL,
    object_type VARCHAR(32),
    object_id INTEGER,
    detail JSON,
    ip_address VARCHAR(45),
    CONSTRAINT pk_audit_events PRIMARY KEY (id)
);

CREATE INDEX ix_audit_events_group_id_action_id ON audit_events (group_id, action, id);

CREATE INDEX ix_audit_events_group_id_id ON audit_events (group_id, id);

CREATE INDEX ix_audit_events_group_id_user_id_id ON audit_events (group_id, user_id, id);

CREATE TABLE `groups` (
    id INTEGER NOT NULL AUTO_INCREMENT,
    name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    join_code VARCHAR(64) NOT NULL,
    dicom_uid_secret VARCHAR(64) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_groups PRIMARY KEY (id),
    CONSTRAINT uq_groups_join_code UNIQUE (join_code)
);

CREATE TABLE login_attempts (
    id INTEGER NOT NULL AUTO_INCREMENT,
    email VARCHAR(320) NOT NULL,
    ip_address VARCHAR(45) NOT NULL,
    succeeded BOOL NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_login_attempts PRIMARY KEY (id)
);

CREATE INDEX ix_login_attempts_email_created_at ON login_attempts (email, created_at);

CREATE INDEX ix_login_attempts_ip_address_created_at ON login_attempts (ip_address, created_at);

CREATE TABLE users (
    id INTEGER NOT NULL AUTO_INCREMENT,
    email VARCHAR(320) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    name VARCHAR(100) NOT NULL,
    surname VARCHAR(100) NOT NULL,
    title VARCHAR(100),
    specialization VARCHAR(200),
    practice_start_year SMALLINT,
    password_changed_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
);

CREATE TABLE api_tokens (
    id INTEGER NOT NULL AUTO_INCREMENT,
    user_id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    token_prefix VARCHAR(16) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6),
    last_used_at DATETIME(6),
    CONSTRAINT pk_api_tokens PRIMARY KEY (id),
    CONSTRAINT fk_api_tokens_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT uq_api_tokens_token_hash UNIQUE (token_hash)
);

CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id);

CREATE TABLE auth_sessions (
    id VARCHAR(64) NOT NULL,
    user_id INTEGER NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    user_agent VARCHAR(255),
    ip_address VARCHAR(45),
    CONSTRAINT pk_auth_sessions PRIMARY KEY (id),
    CONSTRAINT fk_auth_sessions_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_auth_sessions_expires_at ON auth_sessions (expires_at);

CREATE INDEX ix_auth_sessions_user_id ON auth_sessions (user_id);

CREATE TABLE idempotency_keys (
    id INTEGER NOT NULL AUTO_INCREMENT,
    user_id INTEGER NOT NULL,
    `key` VARCHAR(255) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    status_code INTEGER,
    response JSON,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (id),
    CONSTRAINT fk_idempotency_keys_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT uq_idempotency_keys_user_id_key UNIQUE (user_id, `key`)
);

CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);

CREATE TABLE image_views (
    id INTEGER NOT NULL AUTO_INCREMENT,
    group_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    day DATE NOT NULL,
    count INTEGER NOT NULL,
    CONSTRAINT pk_image_views PRIMARY KEY (id),
    CONSTRAINT fk_image_views_group_id_groups FOREIGN KEY(group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
    CONSTRAINT fk_image_views_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT uq_image_views_group_id_user_id_day UNIQUE (group_id, user_id, day)
);

CREATE INDEX ix_image_views_user_id ON image_views (user_id);

CREATE TABLE memberships (
    id INTEGER NOT NULL AUTO_INCREMENT,
    group_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    `role` VARCHAR(9) NOT NULL,
    joined_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_memberships PRIMARY KEY (id),
    CONSTRAINT fk_memberships_group_id_groups FOREIGN KEY(group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
    CONSTRAINT fk_memberships_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT uq_memberships_group_id_user_id UNIQUE (group_id, user_id),
    CONSTRAINT ck_memberships_role CHECK (`role` IN ('admin', 'annotator'))
);

CREATE INDEX ix_memberships_user_id ON memberships (user_id);

CREATE TABLE sets (
    id INTEGER NOT NULL AUTO_INCREMENT,
    group_id INTEGER NOT NULL,
    name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    type VARCHAR(14) NOT NULL,
    package_size INTEGER NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_sets PRIMARY KEY (id),
    CONSTRAINT fk_sets_group_id_groups FOREIGN KEY(group_id) REFERENCES `groups` (id) ON DELETE CASCADE,
    CONSTRAINT ck_sets_set_type CHECK (type IN ('classification', 'detection'))
);

CREATE INDEX ix_sets_group_id ON sets (group_id);

CREATE TABLE labels (
    id INTEGER NOT NULL AUTO_INCREMENT,
    set_id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    description TEXT NOT NULL,
    color VARCHAR(7) NOT NULL,
    shortcut VARCHAR(1),
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_labels PRIMARY KEY (id),
    CONSTRAINT fk_labels_set_id_sets FOREIGN KEY(set_id) REFERENCES sets (id) ON DELETE CASCADE,
    CONSTRAINT uq_labels_set_id_name UNIQUE (set_id, name),
    CONSTRAINT uq_labels_set_id_shortcut UNIQUE (set_id, shortcut)
);

CREATE TABLE packages (
    id INTEGER NOT NULL AUTO_INCREMENT,
    set_id INTEGER NOT NULL,
    assignee_id INTEGER,
    is_ready BOOL NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_packages PRIMARY KEY (id),
    CONSTRAINT fk_packages_assignee_id_users FOREIGN KEY(assignee_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_packages_set_id_sets FOREIGN KEY(set_id) REFERENCES sets (id) ON DELETE CASCADE
);

CREATE INDEX ix_packages_assignee_id ON packages (assignee_id);

CREATE INDEX ix_packages_set_id_assignee_id_is_ready ON packages (set_id, assignee_id, is_ready);

CREATE TABLE samples (
    id INTEGER NOT NULL AUTO_INCREMENT,
    set_id INTEGER NOT NULL,
    package_id INTEGER NOT NULL,
    filename VARCHAR(255) NOT NULL,
    format VARCHAR(5) NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    frames INTEGER NOT NULL,
    size_bytes BIGINT NOT NULL,
    content_sha256 VARCHAR(64) NOT NULL,
    original_key VARCHAR(255) NOT NULL,
    original_media_type VARCHAR(64) NOT NULL,
    display_key VARCHAR(255) NOT NULL,
    display_media_type VARCHAR(64) NOT NULL,
    thumbnail_key VARCHAR(255) NOT NULL,
    thumbnail_media_type VARCHAR(64) NOT NULL,
    pixels_key VARCHAR(255),
    pixel_info JSON,
    modality VARCHAR(16),
    dicom JSON,
    burned_in_annotation_risk BOOL NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_samples PRIMARY KEY (id),
    CONSTRAINT fk_samples_package_id_packages FOREIGN KEY(package_id) REFERENCES packages (id) ON DELETE CASCADE,
    CONSTRAINT fk_samples_set_id_sets FOREIGN KEY(set_id) REFERENCES sets (id) ON DELETE CASCADE,
    CONSTRAINT uq_samples_set_id_content_sha256 UNIQUE (set_id, content_sha256),
    CONSTRAINT ck_samples_sample_format CHECK (format IN ('png', 'jpeg', 'dicom'))
);

CREATE INDEX ix_samples_package_id ON samples (package_id);

CREATE INDEX ix_samples_set_id ON samples (set_id);

CREATE TABLE examinations (
    id INTEGER NOT NULL AUTO_INCREMENT,
    sample_id INTEGER NOT NULL,
    set_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    tentative BOOL NOT NULL,
    bad_quality BOOL NOT NULL,
    comment TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_examinations PRIMARY KEY (id),
    CONSTRAINT fk_examinations_sample_id_samples FOREIGN KEY(sample_id) REFERENCES samples (id) ON DELETE CASCADE,
    CONSTRAINT fk_examinations_set_id_sets FOREIGN KEY(set_id) REFERENCES sets (id) ON DELETE CASCADE,
    CONSTRAINT fk_examinations_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT uq_examinations_sample_id_user_id UNIQUE (sample_id, user_id)
);

CREATE INDEX ix_examinations_set_id_user_id ON examinations (set_id, user_id);

CREATE INDEX ix_examinations_user_id ON examinations (user_id);

CREATE TABLE boxes (
    id INTEGER NOT NULL AUTO_INCREMENT,
    examination_id INTEGER NOT NULL,
    label_id INTEGER NOT NULL,
    x DOUBLE NOT NULL,
    y DOUBLE NOT NULL,
    width DOUBLE NOT NULL,
    height DOUBLE NOT NULL,
    comment TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_boxes PRIMARY KEY (id),
    CONSTRAINT fk_boxes_examination_id_examinations FOREIGN KEY(examination_id) REFERENCES examinations (id) ON DELETE CASCADE,
    CONSTRAINT fk_boxes_label_id_labels FOREIGN KEY(label_id) REFERENCES labels (id) ON DELETE RESTRICT
);

CREATE INDEX ix_boxes_examination_id ON boxes (examination_id);

CREATE INDEX ix_boxes_label_id ON boxes (label_id);

CREATE TABLE examination_labels (
    examination_id INTEGER NOT NULL,
    label_id INTEGER NOT NULL,
    CONSTRAINT pk_examination_labels PRIMARY KEY (examination_id, label_id),
    CONSTRAINT fk_examination_labels_examination_id_examinations FOREIGN KEY(examination_id) REFERENCES examinations (id) ON DELETE CASCADE,
    CONSTRAINT fk_examination_labels_label_id_labels FOREIGN KEY(label_id) REFERENCES labels (id) ON DELETE RESTRICT
);

CREATE INDEX ix_examination_labels_label_id ON examination_labels (label_id);

INSERT INTO alembic_version (version_num) VALUES ('0001');

-- Running upgrade 0001 -> 0002

CREATE INDEX ix_examinations_set_id_user_id_sample_id ON examinations (set_id, user_id, sample_id);

DROP INDEX ix_examinations_set_id_user_id ON examinations;

CREATE INDEX ix_examinations_set_id_sample_id ON examinations (set_id, sample_id);

UPDATE alembic_version SET version_num='0002' WHERE alembic_version.version_num = '0001';

-- Running upgrade 0002 -> 0003

ALTER TABLE samples ADD COLUMN text_scan_status VARCHAR(11) NOT NULL DEFAULT 'pending';

ALTER TABLE samples ADD CONSTRAINT ck_samples_text_scan_status CHECK (text_scan_status IN ('pending', 'done', 'failed', 'not_needed', 'not_scanned'));

ALTER TABLE samples ADD COLUMN suspected_text BOOL NOT NULL DEFAULT '0';

ALTER TABLE samples ADD COLUMN text_scan_claim VARCHAR(32);

ALTER TABLE samples ADD COLUMN text_scan_claimed_at DATETIME(6);

ALTER TABLE samples ADD COLUMN pixel_revision INTEGER NOT NULL DEFAULT '0';

CREATE INDEX ix_samples_text_scan_status ON samples (text_scan_status);

CREATE TABLE text_regions (
    id INTEGER NOT NULL AUTO_INCREMENT,
    sample_id INTEGER NOT NULL,
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    text VARCHAR(1000) NOT NULL,
    confidence FLOAT NOT NULL,
    CONSTRAINT pk_text_regions PRIMARY KEY (id),
    CONSTRAINT fk_text_regions_sample_id_samples FOREIGN KEY(sample_id) REFERENCES samples (id) ON DELETE CASCADE
);

CREATE INDEX ix_text_regions_sample_id ON text_regions (sample_id);

UPDATE alembic_version SET version_num='0003' WHERE alembic_version.version_num = '0002';

-- Running upgrade 0003 -> 0004

ALTER TABLE `groups` ADD COLUMN dicom_dates VARCHAR(6) NOT NULL DEFAULT 'remove';

ALTER TABLE `groups` ADD CONSTRAINT ck_groups_dicom_dates CHECK (dicom_dates IN ('remove', 'shift'));

UPDATE alembic_version SET version_num='0004' WHERE alembic_version.version_num = '0003';

-- Running upgrade 0004 -> 0005

CREATE TABLE stored_files (
    `key` VARCHAR(255) NOT NULL,
    size_bytes BIGINT,
    media_type VARCHAR(64) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_stored_files PRIMARY KEY (`key`)
);

CREATE TABLE file_holders (
    holder VARCHAR(32) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_file_holders PRIMARY KEY (holder)
);

CREATE INDEX ix_file_holders_expires_at ON file_holders (expires_at);

CREATE TABLE file_reservations (
    holder VARCHAR(32) NOT NULL,
    `key` VARCHAR(255) NOT NULL,
    CONSTRAINT pk_file_reservations PRIMARY KEY (holder, `key`),
    CONSTRAINT fk_file_reservations_holder_file_holders FOREIGN KEY(holder) REFERENCES file_holders (holder) ON DELETE CASCADE,
    CONSTRAINT fk_file_reservations_key_stored_files FOREIGN KEY(`key`) REFERENCES stored_files (`key`)
);

CREATE INDEX ix_file_reservations_key ON file_reservations (`key`);

CREATE TABLE reclaim_queue (
    `key` VARCHAR(255) NOT NULL,
    queued_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_reclaim_queue PRIMARY KEY (`key`)
);

CREATE TABLE storage_holds (
    holder VARCHAR(32) NOT NULL,
    purpose VARCHAR(64) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_storage_holds PRIMARY KEY (holder)
);

ALTER TABLE samples ADD COLUMN files_missing BOOL NOT NULL DEFAULT '0';

CREATE INDEX ix_samples_original_key ON samples (original_key);

CREATE INDEX ix_samples_display_key ON samples (display_key);

CREATE INDEX ix_samples_thumbnail_key ON samples (thumbnail_key);

CREATE INDEX ix_samples_pixels_key ON samples (pixels_key);

INSERT INTO stored_files (`key`, media_type, created_at) SELECT used.`key`, min(used.media) AS min_1, utc_timestamp() AS utc_timestamp_1
FROM (SELECT samples.original_key AS `key`, samples.original_media_type AS media
FROM samples UNION ALL SELECT samples.display_key AS display_key, samples.display_media_type AS display_media_type
FROM samples UNION ALL SELECT samples.thumbnail_key AS thumbnail_key, samples.thumbnail_media_type AS thumbnail_media_type
FROM samples UNION ALL SELECT samples.pixels_key AS pixels_key, 'application/octet-stream' AS anon_1
FROM samples
WHERE samples.pixels_key IS NOT NULL) AS used GROUP BY used.`key`;

UPDATE alembic_version SET version_num='0005' WHERE alembic_version.version_num = '0004';

-- Running upgrade 0005 -> 0006

ALTER TABLE login_attempts ADD COLUMN device VARCHAR(22);

CREATE INDEX ix_login_attempts_device_created_at ON login_attempts (device, created_at);

UPDATE alembic_version SET version_num='0006' WHERE alembic_version.version_num = '0005';

-- Running upgrade 0006 -> 0007

ALTER TABLE idempotency_keys ADD COLUMN owner VARCHAR(32);

ALTER TABLE idempotency_keys ADD COLUMN lease_until DATETIME(6);

UPDATE alembic_version SET version_num='0007' WHERE alembic_version.version_num = '0006';

-- Running upgrade 0007 -> 0008

ALTER TABLE sets ADD COLUMN multi_label BOOL NOT NULL DEFAULT '0';

UPDATE sets SET multi_label = 1
WHERE type = 'classification' AND id IN (
    SELECT set_id FROM (
        SELECT DISTINCT examinations.set_id AS set_id
        FROM examination_labels
        JOIN examinations ON examinations.id = examination_labels.examination_id
        GROUP BY examinations.id, examinations.set_id
        HAVING COUNT(*) > 1
    ) AS several
);

UPDATE alembic_version SET version_num='0008' WHERE alembic_version.version_num = '0007';

-- Running upgrade 0008 -> 0009

ALTER TABLE packages ADD COLUMN number INTEGER NOT NULL DEFAULT '0';

UPDATE packages JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY set_id ORDER BY id) AS n FROM packages) AS ranked ON ranked.id = packages.id SET packages.number = ranked.n;

CREATE UNIQUE INDEX ix_packages_set_id_number ON packages (set_id, number);

ALTER TABLE samples ADD COLUMN number INTEGER NOT NULL DEFAULT '0';

UPDATE samples JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY set_id ORDER BY id) AS n FROM samples) AS ranked ON ranked.id = samples.id SET samples.number = ranked.n;

CREATE UNIQUE INDEX ix_samples_set_id_number ON samples (set_id, number);

UPDATE alembic_version SET version_num='0009' WHERE alembic_version.version_num = '0008';
