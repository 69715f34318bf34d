# Pakistan, Iran, Bangladesh, Georgia, Kenya, Colombia, Haiti, 2022-2024. Facts are public;
# wording and outlets are ours.
R = [
("pk-peshawar-police-mosque-2023-01-30", "Indus Chronicle", "2023-01-30",
 """PESHAWAR, Jan 30 - A suicide bomber blew himself up in a packed mosque inside a police compound in Pakistan's northwestern city of Peshawar on Monday, killing at least 28 people, most of them policemen, officials said. More than 150 people were wounded when the blast brought down part of the mosque during afternoon prayers in the high-security Police Lines area. A commander of the Pakistani Taliban claimed responsibility, but the group's main spokesman later said the TTP was not involved."""),
("pk-peshawar-police-mosque-2023-01-30", "Global Desk", "2023-02-01",
 """Rescuers in Peshawar finished pulling bodies from the collapsed mosque in the police headquarters on Tuesday, as the death toll from Monday's suicide bombing rose to 100. Police officials said the bomber wore a police uniform and passed through several checkpoints. The Tehreek-e-Taliban Pakistan denied carrying out the attack, saying it does not target mosques, while a splinter faction, Jamaat-ul-Ahrar, was blamed by officials."""),
("pk-peshawar-police-mosque-2023-01-30", "Continental Radio", "2023-01-31",
 """Pakistan mourned yesterday's bombing of a mosque in the Peshawar police lines, which killed 93 people according to the provincial health department. Prime Minister Shehbaz Sharif said the attackers wanted to spread fear. Khyber Pakhtunkhwa police said around 300 to 400 officers were at prayers when the bomb went off."""),

("pk-peshawar-shia-mosque-2022-03-04", "Indus Chronicle", "2022-03-04",
 """PESHAWAR, March 4 - A suicide bomber attacked a Shia mosque in Peshawar's old city during Friday prayers, killing at least 56 people and wounding nearly 200, officials said. The attacker shot dead a police guard at the entrance of the Kocha Risaldar mosque before blowing himself up among worshippers. The Islamic State's Khorasan affiliate claimed responsibility. Lady Reading hospital declared an emergency."""),
("pk-peshawar-shia-mosque-2022-03-04", "Global Desk", "2022-03-05",
 """Funerals were held on Saturday for victims of yesterday's bombing at a Shia mosque in Peshawar, as the death toll rose to 63. Islamic State said one of its fighters carried out the attack in the Kocha Risaldar area."""),

("pk-bajaur-rally-2023-07-30", "Indus Chronicle", "2023-07-30",
 """KHAR, Pakistan, July 30 - A suicide bombing at a political rally of the Jamiat Ulema-e-Islam-Fazl party in the Bajaur district of northwestern Pakistan on Sunday killed at least 40 people and wounded more than 150, officials said. The bomber struck as hundreds of party workers gathered in a tent in Khar, the district headquarters, near the Afghan border. Local JUI-F leaders were among the dead."""),
("pk-bajaur-rally-2023-07-30", "Continental Radio", "2023-07-31",
 """Islamic State's Khorasan affiliate claimed responsibility on Monday for the suicide bombing of a JUI-F workers' convention in Bajaur, which officials said killed 54 people. Party leader Fazlur Rehman demanded that the government protect his supporters ahead of elections. Police said the bomber had detonated about 10 kilograms of explosives near the stage."""),
("pk-bajaur-rally-2023-07-30", "Atlas Press Agency", "2023-08-02",
 """The toll from Sunday's suicide attack on a political gathering in Bajaur rose to 63 after more of the wounded died in hospital, Khyber Pakhtunkhwa officials said on Wednesday. Security forces arrested suspects in the tribal district."""),

("pk-quetta-station-2024-11-09", "Indus Chronicle", "2024-11-09",
 """QUETTA, Nov 9 - A suicide bomber struck the main railway station in Quetta on Saturday morning, killing at least 24 people, including soldiers, as passengers waited for a train to Peshawar, police said. More than 40 were wounded. The separatist Balochistan Liberation Army claimed the attack and said it targeted an army unit at the station. The blast tore through the platform and ticket area."""),
("pk-quetta-station-2024-11-09", "Global Desk", "2024-11-10",
 """Pakistan said on Sunday that the death toll from yesterday's bombing at Quetta railway station had risen to 26, including 14 soldiers. The Jaffar Express had been due to depart when the bomber, carrying a bag of explosives, blew himself up among the crowd. The BLA, which is fighting for independence for Balochistan, claimed the bombing."""),
("pk-quetta-station-2024-11-09", "Continental Radio", "2024-11-11",
 """Officials in Balochistan said 32 people died in Saturday's suicide attack on the Quetta railway station. Train services to and from the city were suspended for several days."""),

("ir-zahedan-2022-09-30", "Persian Gulf Monitor", "2022-10-02",
 """Iranian security forces opened fire on protesters in the southeastern city of Zahedan after Friday prayers, rights groups said, in what residents now call Bloody Friday. Amnesty International said at least 66 people, including children, were killed. Iranian officials said 19 people died, including members of the Revolutionary Guards, and blamed the violence on separatist militants who they said attacked a police station. Crowds had gathered to protest the alleged rape of a teenage girl by a police commander."""),
("ir-zahedan-2022-09-30", "Global Desk", "2022-10-07",
 """A week after the September 30 crackdown in Zahedan, Baloch activists say 93 people were killed when security forces fired on worshippers and protesters near the city's Grand Mosalla. Iranian state media blamed the Jaish al-Adl militant group for an attack on a police station in Sistan-Baluchestan's capital and denied that forces fired on peaceful worshippers."""),
("ir-zahedan-2022-09-30", "Caucasus Herald", "2022-10-01",
 """Iranian state television said yesterday that armed separatists attacked a police station in Zahedan, killing several members of the security forces, including a provincial intelligence chief of the Revolutionary Guards. Activists said security forces killed dozens of protesters and worshippers in the city on Friday."""),

("ir-kerman-2024-01-03", "Persian Gulf Monitor", "2024-01-03",
 """KERMAN, Iran, Jan 3 - Two explosions struck a crowd marking the anniversary of the killing of Qassem Soleimani near his tomb in the southern Iranian city of Kerman on Wednesday, killing at least 103 people, state media said. Hundreds were wounded. The bombs went off about 15 minutes apart along the road to the Saheb al-Zaman mosque cemetery. Iranian officials called it a terrorist attack."""),
("ir-kerman-2024-01-03", "Global Desk", "2024-01-04",
 """Islamic State claimed responsibility on Thursday for the twin bombings in Kerman, Iran, which killed 84 people at a memorial for General Soleimani yesterday. Iran's health ministry revised the toll down from 95, citing double counting. The group said two of its members detonated explosive belts in the crowd. Iran held a day of mourning."""),
("ir-kerman-2024-01-03", "Caucasus Herald", "2024-01-05",
 """Iran's interior minister said on Friday that the two suicide bombers who attacked the Soleimani commemoration in Kerman on Wednesday had been identified and that arrests were made. The death toll stands at 89, with 284 wounded, the state news agency reported."""),

("bd-dhaka-ganabhaban-2024-08-05", "Bengal Review", "2024-08-05",
 """DHAKA, Aug 5 - Hundreds of thousands of protesters poured into the streets of Dhaka on Monday and stormed the official residence of Prime Minister Sheikh Hasina after she resigned and fled the country by helicopter, the army chief said. Crowds looted furniture and appliances from the Ganabhaban and set fire to parts of the ruling Awami League's offices. Army chief General Waker-Uz-Zaman said an interim government would be formed. Weeks of student-led protests have left hundreds dead."""),
("bd-dhaka-ganabhaban-2024-08-05", "Global Desk", "2024-08-06",
 """Jubilant crowds broke into the prime minister's residence in Bangladesh's capital yesterday after Sheikh Hasina resigned, carrying away furniture, fish and even ducks from the compound. Police stations across Dhaka were set alight and at least 100 people were killed across the country during the day, according to local media. The president dissolved parliament today."""),
("bd-dhaka-ganabhaban-2024-08-05", "Continental Radio", "2024-08-05",
 """Protesters swarmed Sheikh Hasina's official residence in Dhaka on Monday, hours after she left Bangladesh for India. The army imposed a curfew but troops did not stop the crowds. Some protesters vandalised a statue of Sheikh Mujibur Rahman in the capital."""),

("bd-jashore-hotel-2024-08-05", "Bengal Review", "2024-08-06",
 """JASHORE, Aug 6 - At least 24 people were killed when a mob set fire to the Zabeer International Hotel, owned by an Awami League leader, in the southwestern city of Jashore on Monday, hours after Prime Minister Sheikh Hasina fled the country, hospital officials said. Most of the victims were trapped on upper floors, police said. An Indonesian citizen was among the dead."""),

("bd-sirajganj-police-2024-08-04", "Bengal Review", "2024-08-04",
 """SIRAJGANJ, Aug 4 - Thirteen police officers were killed when protesters attacked the Enayetpur police station in Sirajganj district on Sunday, police headquarters said, as clashes between anti-government protesters and ruling party supporters swept Bangladesh. Nearly 100 people were killed across the country in one of the bloodiest days of the student-led movement. The government imposed an indefinite curfew from Sunday evening."""),

("ge-tbilisi-eu-protest-2024-11-28", "Caucasus Herald", "2024-11-29",
 """TBILISI, Nov 29 - Georgian riot police used water cannon and tear gas to disperse thousands of protesters outside parliament in Tbilisi overnight, after Prime Minister Irakli Kobakhidze said the government would not seek to open EU accession talks until 2028. The interior ministry said 43 people were detained and 32 police officers were injured. Protesters threw fireworks and stones at officers on Rustaveli Avenue. President Salome Zourabichvili joined the crowds."""),
("ge-tbilisi-eu-protest-2024-11-28", "Global Desk", "2024-11-29",
 """Police in Georgia's capital Tbilisi broke up a protest against the government's decision to suspend EU membership talks late on Thursday, using pepper spray and water cannon against demonstrators who gathered in front of parliament. Dozens were detained, the interior ministry said. Opposition parties accused Georgian Dream of abandoning the country's European future."""),

("ge-tbilisi-foreign-agents-2024-05-01", "Caucasus Herald", "2024-05-02",
 """TBILISI, May 2 - Georgian police fired tear gas and rubber bullets at protesters outside parliament in Tbilisi late on Wednesday, as thousands rallied against the so-called foreign agents bill. The interior ministry said 63 people were detained and 11 police officers injured. Opposition leader Levan Khabeishvili was beaten, his party said. Lawmakers had backed the bill in a second reading."""),
("ge-tbilisi-foreign-agents-2024-05-01", "Northern Star Daily", "2024-05-01",
 """Riot police used water cannon, tear gas and pepper spray to clear protesters from the entrance of Georgia's parliament in Tbilisi on Wednesday night. Thousands had gathered to oppose the foreign influence law, which critics say copies Russian legislation. Several demonstrators were taken to hospital."""),

("ke-nairobi-parliament-2024-06-25", "Rift Valley Post", "2024-06-25",
 """NAIROBI, June 25 - Protesters stormed Kenya's parliament on Tuesday and set part of the building on fire as lawmakers approved tax increases, and police opened fire on the crowds. At least five people were shot dead outside parliament, according to Amnesty International Kenya and other groups. Lawmakers were evacuated through a tunnel. The protests, led mostly by young Kenyans, spread to cities across the country."""),
("ke-nairobi-parliament-2024-06-25", "Global Desk", "2024-06-26",
 """Kenya's president William Ruto called yesterday's storming of parliament in Nairobi treasonous and deployed the army. The Kenya National Commission on Human Rights said 22 people were killed in the protests, most of them in Nairobi, where police fired live rounds at demonstrators who broke through barricades. Parts of City Hall were also set alight."""),
("ke-nairobi-parliament-2024-06-25", "Continental Radio", "2024-06-27",
 """Kenyan rights groups said on Thursday that police killed at least 23 people during Tuesday's protests against the finance bill, when crowds breached parliament in the capital. Ruto has since withdrawn the bill. Police said officers acted in self-defence."""),

("ke-eldoret-protest-2024-06-25", "Rift Valley Post", "2024-06-25",
 """ELDORET, June 25 - Thousands of young people marched through Eldoret, in President William Ruto's Rift Valley heartland, on Tuesday, chanting against the finance bill. Businesses closed their doors as police fired tear gas to disperse crowds in the town centre. No deaths were reported in Eldoret, local officials said."""),

("ke-nairobi-finance-bill-2024-06-20", "Rift Valley Post", "2024-06-21",
 """Police in Nairobi fired tear gas and water cannon at protesters opposed to tax increases on Thursday, and a young man was shot dead in the city, rights groups said. Rex Masai, 29, was killed by a bullet in the Nairobi central business district, his family said. Hundreds of protesters were arrested. Demonstrations also took place in Mombasa, Kisumu and Nakuru."""),

("co-san-luis-police-2022-09-02", "Andes Herald", "2022-09-03",
 """BOGOTA, Sept 3 - Seven Colombian police officers were killed on Friday when their vehicle was attacked with explosives and gunfire in the rural area of San Luis, in Huila department, authorities said. President Gustavo Petro said the attack was sabotage against his policy of total peace and blamed dissidents of the former FARC guerrilla. It was the deadliest attack on security forces since Petro took office in August."""),
("co-san-luis-police-2022-09-02", "Global Desk", "2022-09-03",
 """Colombia's police said yesterday's ambush in the village of Los Pinos in San Luis municipality, Huila, left seven officers dead, including a teenage auxiliary. The patrol was responding to a call when a bomb exploded under their truck. Authorities offered a reward for information on the attackers, believed to belong to a FARC dissident faction."""),
("co-san-luis-police-2022-09-02", "Caribbean Desk", "2022-09-05",
 """Colombian officials said on Monday they had identified the FARC dissident group responsible for Friday's attack in Huila that killed seven police officers. The government suspended no talks but vowed a firm response."""),

("ht-penitentiary-2024-03-02", "Caribbean Desk", "2024-03-03",
 """PORT-AU-PRINCE, March 3 - Armed gangs stormed Haiti's National Penitentiary in Port-au-Prince late on Saturday, freeing most of its roughly 3,800 inmates, officials said. At least 12 bodies were seen at the prison on Sunday, including some inmates. The attack came amid a surge of gang violence led by former police officer Jimmy Cherizier, known as Barbecue, who has vowed to topple Prime Minister Ariel Henry. The government declared a state of emergency on Sunday."""),
("ht-penitentiary-2024-03-02", "Global Desk", "2024-03-04",
 """Haiti's government imposed a curfew and a 72-hour state of emergency after gangs attacked the National Penitentiary in the capital on Saturday night, letting more than 3,500 prisoners escape. About 100 inmates chose to stay, officials said. Journalists who visited the prison saw several bodies, some with gunshot wounds."""),

("ht-croix-des-bouquets-prison-2024-03-02", "Caribbean Desk", "2024-03-04",
 """Gangs also attacked the civil prison in Croix-des-Bouquets, northeast of Port-au-Prince, over the weekend, freeing its inmates, Haitian authorities said on Monday. Around 1,000 prisoners were held in the Croix-des-Bouquets prison, which was left empty after gunmen stormed it. Police said they were working to recapture escaped prisoners."""),

("ht-pont-sonde-2024-10-03", "Caribbean Desk", "2024-10-04",
 """At least 70 people, including 10 women and three infants, were killed when members of the Gran Grif gang attacked the town of Pont-Sonde in Haiti's Artibonite region on Thursday, the United Nations said. The gunmen opened fire on residents and set fire to homes and cars. Thousands fled. Prime Minister Garry Conille called it a heinous crime."""),
("ht-pont-sonde-2024-10-03", "Global Desk", "2024-10-05",
 """Haitian officials said 115 people were killed or are still missing after Thursday's gang attack on Pont-Sonde, a town in the Artibonite department. The Gran Grif gang said the attack was revenge against residents who supported a self-defence group."""),
("ht-pont-sonde-2024-10-03", "Atlas Press Agency", "2024-10-03",
 """PONT-SONDE, Haiti, Oct 3 - Dozens of people were killed today when heavily armed gangsters stormed Pont-Sonde in the Artibonite valley before dawn, a local human rights group said. The Gran Grif gang, based in nearby Savien, is blamed for the attack."""),
]
