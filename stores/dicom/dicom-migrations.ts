import type { Migration } from '../../engine/regions/migration.ts';

/**
 * DICOM instances: one row per stored SOP Instance, with the QIDO-RS matching attributes
 * of every level (PS3.18 Table 10.6.1-5) as columns, the bytes' blob name, and the
 * dataset's DICOM JSON up to Pixel Data for `/metadata`. Study and series answers are
 * grouped from these rows.
 */
export const dicomMigrations: Migration[] = [
  {
    name: '0009-dicom-instances',
    async up(db) {
      await db.schema.createTable('dicom_instances', (t) => {
        t.bigIncrements('id').primary();
        t.integer('store_pk').notNullable().references('id').inTable('stores').onDelete('CASCADE');
        t.string('study_uid', 64).notNullable();
        t.string('series_uid', 64).notNullable();
        t.string('sop_instance_uid', 64).notNullable();
        t.string('sop_class_uid', 64).notNullable();
        t.string('transfer_syntax_uid', 64).notNullable();
        t.string('blob_sha256', 64).notNullable();
        t.bigInteger('size').notNullable();
        t.bigInteger('created_ms').notNullable();
        t.text('patient_id');
        t.text('patient_name');
        t.text('patient_birth_date');
        t.text('patient_sex');
        t.text('study_date');
        t.text('study_time');
        t.text('accession_number');
        t.text('referring_physician_name');
        t.text('study_id');
        t.text('study_description');
        t.text('modality');
        t.integer('series_number');
        t.text('series_description');
        t.text('performed_procedure_step_start_date');
        t.text('performed_procedure_step_start_time');
        t.integer('instance_number');
        t.integer('rows');
        t.integer('columns');
        t.integer('bits_allocated');
        t.integer('number_of_frames');
        /** DICOM JSON of the dataset up to Pixel Data. */
        t.text('metadata').notNullable();
        t.unique(['store_pk', 'sop_instance_uid']);
        t.index(['store_pk', 'study_uid', 'series_uid']);
        t.index(['store_pk', 'patient_id']);
        t.index(['store_pk', 'study_date']);
        t.index(['store_pk', 'accession_number']);
        t.index(['blob_sha256']);
      });
    },
  },
];
