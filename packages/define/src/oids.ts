/**
 * OIDs that other files must repeat exactly: Dataset-JSON's studyOID and metaDataVersionOID name the
 * define.xml Study and MetaDataVersion they are described by (Dataset-JSON 1.1 header).
 */

/** ODM Study/@OID of a study's define.xml. */
export function studyOid(studyId: string): string {
  return `STDY.${studyId}`;
}

/** MetaDataVersion/@OID of a study's SDTM or ADaM define.xml. */
export function metaDataVersionOid(studyId: string, standard: "SDTM" | "ADaM"): string {
  return `MDV.${studyId}.${standard}`;
}
